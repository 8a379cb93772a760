package dev.orbit.internal.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import dev.orbit.internal.shm.SegmentSpec;
import dev.orbit.ring.RingDescriptor;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.SlotDescriptor;
import dev.orbit.shm.SegmentException;

/**
 * How a ring's segment file is created and validated.
 */
public final class RingSegmentSpec implements SegmentSpec {

    private final int kind;
    private final RingSpec spec;
    private final long length;

    private RingSegmentSpec(final int kind, final RingSpec spec, final long length) {
        this.kind = kind;
        this.spec = spec;
        this.length = length;
    }

    /**
     * @param kind ring kind.
     * @param spec shape every process must agree on.
     * @return the spec of that ring's segment.
     */
    public static RingSegmentSpec of(final int kind, final RingSpec spec) {
        return new RingSegmentSpec(kind, spec, spec.length());
    }

    /**
     * For attaching an existing ring whose shape is read from its header (tools, reads by id).
     *
     * @param kind   ring kind, or -1 for any kind.
     * @param length the file's length.
     * @return a spec that accepts any consistent shape of that kind.
     */
    public static RingSegmentSpec existing(final int kind, final long length) {
        return new RingSegmentSpec(kind, null, length);
    }

    @Override
    public String describe() {
        return spec == null ? "ring kind=" + kind :
            "ring kind=" + kind + " capacity=" + spec.capacity() + " payloadCapacity=" + spec.payloadCapacity();
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int typeTag() {
        return RingDescriptor.TYPE_TAG;
    }

    @Override
    public void initialise(final ByteBuffer buffer) {
        if (spec == null) {
            throw new IllegalStateException("cannot create a ring segment without a spec: kind=" + kind);
        }
        Rings.initialise(buffer, kind, spec);
    }

    @Override
    public void validate(final ByteBuffer buffer, final Path file) {
        final ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final int foundKind = b.get(RingDescriptor.KIND_OFFSET) & 0xFF;
        final int capacity = b.getInt(RingDescriptor.CAPACITY_OFFSET);
        final int payloadCapacity = b.getInt(RingDescriptor.PAYLOAD_CAPACITY_OFFSET);
        final int stride = b.getInt(RingDescriptor.SLOT_STRIDE_OFFSET);
        final String found = "kind=" + foundKind + " capacity=" + capacity + " payloadCapacity=" + payloadCapacity +
            " stride=" + stride;
        if (kind >= 0 && foundKind != kind) {
            throw SegmentException.refusing(file, "ring kind mismatch: expected kind=" + kind + ", found " + found);
        }
        if (spec == null) {
            final boolean consistent = capacity >= RingSpec.MIN_CAPACITY && Integer.bitCount(capacity) == 1 &&
                payloadCapacity >= 0 && payloadCapacity <= RingSpec.MAX_PAYLOAD_CAPACITY &&
                stride == SlotDescriptor.stride(payloadCapacity) &&
                RingDescriptor.length(capacity, stride) == length;
            if (!consistent) {
                throw SegmentException.refusing(file, "ring header inconsistent with file length: length=" + length +
                    ", found " + found);
            }
            return;
        }
        if (capacity != spec.capacity() || payloadCapacity != spec.payloadCapacity() || stride != spec.stride()) {
            throw SegmentException.refusing(file, "ring spec mismatch: expected " + describe() + " stride=" +
                spec.stride() + ", found " + found + " (every process of a fleet must declare the same spec for a " +
                "kind; to change it, stop the fleet and unlink its segments)");
        }
    }
}
