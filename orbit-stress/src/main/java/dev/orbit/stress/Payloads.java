package dev.orbit.stress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Self-checking payloads: every 8-byte word of a payload is derived from one 64-bit seed, so a reader can
 * tell a whole frame from a torn or mixed one without any other knowledge.
 * <pre>
 *   word 0      = seed
 *   word i > 0  = mix(seed, i)        (a 64-bit finaliser; two seeds never agree on a word by design)
 *   version     = seed                (the frame's version field carries the seed too)
 *   frameKind   = seed &amp; 0xFF
 * </pre>
 * A payload is a multiple of 8 bytes, at least 8. Words are little-endian, as the ring's.
 */
public final class Payloads {

    /** Returned by the checks for a payload whose words do not all derive from one seed. */
    public static final long TORN = Long.MIN_VALUE;

    /** Smallest payload. */
    public static final int MIN_LENGTH = Long.BYTES;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Payloads() {
    }

    /**
     * @param seed the seed.
     * @param i    word index.
     * @return word {@code i} of the payload of {@code seed}.
     */
    public static long word(final long seed, final int i) {
        if (i == 0) {
            return seed;
        }
        long z = seed + GOLDEN * (i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param seed   the seed.
     * @param length payload length, a multiple of 8, at least 8.
     * @return a new payload.
     */
    public static byte[] of(final long seed, final int length) {
        final byte[] payload = new byte[checkLength(length)];
        fill(ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN), 0, seed, length);
        return payload;
    }

    /**
     * Writes the payload of {@code seed} into a buffer (absolute, little-endian).
     *
     * @param buffer destination.
     * @param offset where to start.
     * @param seed   the seed.
     * @param length payload length, a multiple of 8, at least 8.
     */
    public static void fill(final ByteBuffer buffer, final int offset, final long seed, final int length) {
        checkLength(length);
        final ByteBuffer b = buffer.order() == ByteOrder.LITTLE_ENDIAN ? buffer :
            buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0, n = length / Long.BYTES; i < n; i++) {
            b.putLong(offset + i * Long.BYTES, word(seed, i));
        }
    }

    /**
     * @param buffer a payload (absolute, read as little-endian).
     * @param offset payload offset.
     * @param length payload length.
     * @return the seed when every word derives from it, otherwise {@link #TORN}.
     */
    public static long check(final ByteBuffer buffer, final int offset, final int length) {
        if (length < MIN_LENGTH || length % Long.BYTES != 0) {
            return TORN;
        }
        final ByteBuffer b = buffer.order() == ByteOrder.LITTLE_ENDIAN ? buffer :
            buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final long seed = b.getLong(offset);
        for (int i = 1, n = length / Long.BYTES; i < n; i++) {
            if (b.getLong(offset + i * Long.BYTES) != word(seed, i)) {
                return TORN;
            }
        }
        return seed;
    }

    /**
     * @param payload a payload.
     * @return the seed when every word derives from it, otherwise {@link #TORN}.
     */
    public static long check(final byte[] payload) {
        return check(ByteBuffer.wrap(payload), 0, payload.length);
    }

    /**
     * Checks a whole frame: its payload, and that its version and frame kind carry the same seed.
     *
     * @param frameKind the frame's kind.
     * @param version   the frame's version.
     * @param buffer    payload buffer.
     * @param offset    payload offset.
     * @param length    payload length.
     * @return the seed, or {@link #TORN}.
     */
    public static long checkFrame(
        final int frameKind, final long version, final ByteBuffer buffer, final int offset, final int length) {
        final long seed = check(buffer, offset, length);
        if (seed == TORN || version != seed || frameKind != frameKindOf(seed)) {
            return TORN;
        }
        return seed;
    }

    /**
     * @param seed a seed.
     * @return the frame kind a frame of that seed is published with.
     */
    public static int frameKindOf(final long seed) {
        return (int)(seed & 0xFF);
    }

    private static int checkLength(final int length) {
        if (length < MIN_LENGTH || length % Long.BYTES != 0) {
            throw new IllegalArgumentException("payload length must be a positive multiple of 8: length=" + length);
        }
        return length;
    }
}
