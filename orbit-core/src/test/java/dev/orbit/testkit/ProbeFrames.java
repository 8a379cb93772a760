package dev.orbit.testkit;

import java.nio.ByteBuffer;

import dev.orbit.ring.OrbitType;

/**
 * The ring cross-process tests write to, and self-checking payloads: every long is derived from the first,
 * so a torn or mixed frame is detected by the reader.
 */
@OrbitType(kind = 11, capacity = 1024, payload = 64)
public final class ProbeFrames {

    /** Payload length. */
    public static final int LENGTH = 64;

    private static final long MIX = 0x9E3779B97F4A7C15L;

    private ProbeFrames() {
    }

    /**
     * @param payload buffer of at least {@link #LENGTH} bytes.
     * @param seed    the value every other long is derived from (e.g. writer node and sequence).
     */
    public static void fill(final ByteBuffer payload, final long seed) {
        payload.putLong(0, seed);
        for (int i = 1; i < LENGTH / Long.BYTES; i++) {
            payload.putLong(i * Long.BYTES, seed ^ (i * MIX));
        }
    }

    /**
     * @param buffer a frame copy.
     * @param offset payload offset.
     * @param length payload length.
     * @return true when the payload is exactly what {@link #fill} writes for its seed.
     */
    public static boolean valid(final ByteBuffer buffer, final int offset, final int length) {
        if (length != LENGTH) {
            return false;
        }
        final long seed = buffer.getLong(offset);
        for (int i = 1; i < LENGTH / Long.BYTES; i++) {
            if (buffer.getLong(offset + i * Long.BYTES) != (seed ^ (i * MIX))) {
                return false;
            }
        }
        return true;
    }
}
