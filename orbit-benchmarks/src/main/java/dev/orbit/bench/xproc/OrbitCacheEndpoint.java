package dev.orbit.bench.xproc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import dev.orbit.cache.OrbitCache;
import dev.orbit.fleet.Fleet;
import dev.orbit.ring.RingSpec;

/**
 * "Cache put visible in another JVM": ping-pong through an OrbitCache of a shared-memory fleet. A side puts
 * its key with a 64-byte value carrying the sequence number; the other side gets that key (each get first
 * catches its index up with the ring) until it sees the new value.
 */
final class OrbitCacheEndpoint implements Endpoint, OrbitCache.ValueHandler {

    /** Cache ring shape: 1024 slots of 96 bytes (13-byte header + 16-byte key + 64-byte value). */
    static final RingSpec SPEC = RingSpec.of(1024, 96);

    private final Fleet fleet;
    private final OrbitCache cache;
    private final byte[] outKey;
    private final ByteBuffer inKey;
    private final byte[] value = new byte[Frames.PAYLOAD];
    private final ByteBuffer valueView = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
    private long received = NONE;

    OrbitCacheEndpoint(final Fleet fleet, final String outKey, final String inKey) {
        this.fleet = fleet;
        this.cache = fleet.cache("pingpong", SPEC);
        this.outKey = outKey.getBytes(StandardCharsets.US_ASCII);
        this.inKey = ByteBuffer.wrap(inKey.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void send(final long seq) {
        valueView.putLong(0, seq);
        while (!cache.put(outKey, value)) {
            Thread.onSpinWait();
        }
    }

    @Override
    public long poll() {
        received = NONE;
        cache.get(inKey, this);
        return received;
    }

    @Override
    public void onValue(final ByteBuffer buffer, final int offset, final int length) {
        long seq = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            seq = (seq << 8) | (buffer.get(offset + i) & 0xFF);
        }
        received = seq;
    }

    @Override
    public void close() {
        fleet.close();
    }
}
