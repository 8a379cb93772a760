package dev.orbit.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

import dev.orbit.internal.value.RecordLayout;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Ring;
import dev.orbit.value.Orbital;

/**
 * An {@link Orbital} over its type's ring: store publishes the encoded record, load decodes the newest
 * committed frame.
 */
final class RingOrbital<T extends Record> implements Orbital<T> {

    /** Frame kind of a stored value. */
    static final int VALUE = 0;

    private final Ring ring;
    private final RecordLayout<T> layout;
    private final ThreadLocal<ByteBuffer> encodeBuffer;
    private final ThreadLocal<Capture<T>> capture;

    private static final class Capture<T extends Record> implements FrameHandler {
        private final RecordLayout<T> layout;
        T value;

        Capture(final RecordLayout<T> layout) {
            this.layout = layout;
        }

        @Override
        public void onFrame(
            final long id, final int frameKind, final long version, final ByteBuffer buffer, final int offset, final int length) {
            value = length >= layout.size() ? layout.decode(buffer, offset) : null;
        }
    }

    RingOrbital(final Ring ring, final RecordLayout<T> layout) {
        this.ring = ring;
        this.layout = layout;
        final int size = layout.size();
        this.encodeBuffer = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN));
        this.capture = ThreadLocal.withInitial(() -> new Capture<>(layout));
    }

    @Override
    public long store(final T value) {
        final ByteBuffer buffer = encodeBuffer.get();
        layout.encode(value, buffer, 0);
        return ring.publish(VALUE, 0L, buffer, 0, layout.size());
    }

    @Override
    public Optional<T> load() {
        final Capture<T> c = capture.get();
        c.value = null;
        if (!ring.readHead(c)) {
            return Optional.empty();
        }
        final T value = c.value;
        c.value = null;
        return Optional.ofNullable(value);
    }

    @Override
    public Class<T> type() {
        return layout.type();
    }
}
