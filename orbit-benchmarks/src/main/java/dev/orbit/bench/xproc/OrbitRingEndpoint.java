package dev.orbit.bench.xproc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.orbit.fleet.Fleet;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.StartPosition;

/**
 * Ping-pong over two Orbit rings of a shared-memory fleet: publish a 64-byte frame whose version is the
 * sequence number; poll a cursor (allocation-free handler path, copy then validate).
 */
final class OrbitRingEndpoint implements Endpoint, FrameHandler {

    private final Fleet fleet;
    private final Ring out;
    private final RingCursor in;
    private final ByteBuffer payload = ByteBuffer.allocateDirect(Frames.PAYLOAD).order(ByteOrder.LITTLE_ENDIAN);
    private long received = NONE;

    OrbitRingEndpoint(final Fleet fleet, final Class<?> outType, final Class<?> inType) {
        this.fleet = fleet;
        this.out = fleet.ring(outType);
        this.in = fleet.ring(inType).cursor(StartPosition.LATEST);
    }

    @Override
    public void send(final long seq) {
        payload.putLong(0, seq);
        while (out.publish(0, seq, payload, 0, Frames.PAYLOAD) == NetId64.NULL) {
            Thread.onSpinWait();
        }
    }

    @Override
    public long poll() {
        received = NONE;
        in.poll(this, 1);
        return received;
    }

    @Override
    public void onFrame(
        final long id, final int frameKind, final long version, final ByteBuffer buffer, final int offset, final int length) {
        received = version;
    }

    @Override
    public void close() {
        fleet.close();
    }
}
