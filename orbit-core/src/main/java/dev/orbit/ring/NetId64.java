package dev.orbit.ring;

import java.util.Locale;

/**
 * The 64-bit identifier of a frame, minted by its writer.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Kind      |            Node               |  Counter hi   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Counter lo                             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Bits 63-56 are the ring's kind, 55-40 the writer's node id, 39-0 the low 40 bits of the ring's 64-bit
 * head counter at the time of the write. The kind selects the ring; the full counter is rebuilt from the
 * ring's current head (the newest counter whose low 40 bits match), so an id stays readable for as long
 * as its frame is within the ring's capacity.
 * <p>
 * Text form is {@code kind:node:counter} in decimal; {@link #parse(CharSequence)} also accepts {@code 0x}
 * followed by up to 16 hex digits. The byte form is big-endian, so ids sort the same as bytes and as text
 * of equal width. {@link #NULL} (zero) is never minted: kind 0 is not a valid ring kind.
 * <p>
 * <b>An id names a frame only within the fleet that minted it</b>, and only while that fleet's ring segment
 * lives: it carries no fleet identity. Another fleet (or the same fleet after its segments were unlinked and
 * created again) has rings of the same kinds with the same node ids and counters, so reading a foreign id there
 * may return that fleet's frame at the same position, not an error. Use ids within their fleet; a message that
 * crosses fleets carries its origin beside the id. All 64 bits are spent on kind, node and a counter horizon
 * wide enough for any ring, and an id must stay a plain {@code long} that any handler, log line or wire field
 * can carry, so a fleet epoch has no room in it and a wider id would burden every reader of the common case.
 */
public final class NetId64 {

    /** The id that no frame carries; returned by a publish whose write was lost. */
    public static final long NULL = 0L;

    /** Number of bits of the counter part. */
    public static final int COUNTER_BITS = 40;

    /** Number of bits of the node part. */
    public static final int NODE_BITS = 16;

    /** Number of bits of the kind part. */
    public static final int KIND_BITS = 8;

    /** Mask of the counter part. */
    public static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;

    /** Largest kind. */
    public static final int MAX_KIND = (1 << KIND_BITS) - 1;

    /** Length of the byte form. */
    public static final int BYTES = Long.BYTES;

    private static final int NODE_SHIFT = COUNTER_BITS;
    private static final int KIND_SHIFT = COUNTER_BITS + NODE_BITS;

    private NetId64() {
    }

    /**
     * Packs an id.
     *
     * @param kind    ring kind, 1..255.
     * @param node    writer's node id, 0..65535.
     * @param counter ring counter; only its low 40 bits are kept.
     * @return the packed id.
     */
    public static long of(final int kind, final int node, final long counter) {
        if (kind < 1 || kind > MAX_KIND) {
            throw new IllegalArgumentException("kind out of range: kind=" + kind + ", expected 1.." + MAX_KIND);
        }
        NodeId.validate(node);
        return pack(kind, node, counter);
    }

    /**
     * Packs an id without validation, for the hot path where kind and node are already validated.
     *
     * @param kind    ring kind.
     * @param node    writer's node id.
     * @param counter ring counter; only its low 40 bits are kept.
     * @return the packed id.
     */
    public static long pack(final int kind, final int node, final long counter) {
        return ((long)kind << KIND_SHIFT) | ((long)node << NODE_SHIFT) | (counter & COUNTER_MASK);
    }

    /**
     * @param id a NetId64.
     * @return its kind, 0..255.
     */
    public static int kind(final long id) {
        return (int)(id >>> KIND_SHIFT);
    }

    /**
     * @param id a NetId64.
     * @return its node id, 0..65535.
     */
    public static int node(final long id) {
        return (int)(id >>> NODE_SHIFT) & NodeId.MAX;
    }

    /**
     * @param id a NetId64.
     * @return the low 40 bits of the ring counter it was written at.
     */
    public static long counter(final long id) {
        return id & COUNTER_MASK;
    }

    /**
     * Rebuilds the full 64-bit counter of an id from a ring's current head: the newest counter below
     * {@code head} whose low 40 bits match.
     *
     * @param id   a NetId64.
     * @param head the ring's head (the next counter to be reserved).
     * @return the full counter, negative if no such counter exists below {@code head}.
     */
    public static long fullCounter(final long id, final long head) {
        final long newest = head - 1;
        return newest - ((newest - counter(id)) & COUNTER_MASK);
    }

    /**
     * @param id a NetId64.
     * @return {@code kind:node:counter} in decimal.
     */
    public static String toString(final long id) {
        return kind(id) + ":" + node(id) + ":" + counter(id);
    }

    /**
     * @param id a NetId64.
     * @return {@code 0x} followed by 16 lower-case hex digits.
     */
    public static String toHexString(final long id) {
        return String.format(Locale.ROOT, "0x%016x", id);
    }

    /**
     * Parses {@code kind:node:counter} (decimal) or {@code 0x} followed by 1 to 16 hex digits.
     *
     * @param text the text.
     * @return the id.
     * @throws IllegalArgumentException naming the text and the expected forms when it is neither.
     */
    public static long parse(final CharSequence text) {
        if (text == null) {
            throw new IllegalArgumentException("NetId64 text is null; expected kind:node:counter or 0x<hex>");
        }
        final String s = text.toString();
        if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
            final String hex = s.substring(2);
            if (hex.length() > 16 || !isHex(hex)) {
                throw invalid(s, "0x must be followed by 1 to 16 hex digits");
            }
            final long id = Long.parseUnsignedLong(hex, 16);
            if (kind(id) == 0) {
                throw invalid(s, "kind must be 1.." + MAX_KIND + ", found kind=0");
            }
            return id;
        }
        final int first = s.indexOf(':');
        final int second = first < 0 ? -1 : s.indexOf(':', first + 1);
        if (first < 0 || second < 0 || s.indexOf(':', second + 1) >= 0) {
            throw invalid(s, "expected exactly two ':' separators");
        }
        final long kind = decimal(s, 0, first, MAX_KIND, "kind");
        final long node = decimal(s, first + 1, second, NodeId.MAX, "node");
        final long counter = decimal(s, second + 1, s.length(), COUNTER_MASK, "counter");
        if (kind == 0) {
            throw invalid(s, "kind must be 1.." + MAX_KIND);
        }
        return pack((int)kind, (int)node, counter);
    }

    /**
     * Writes the big-endian byte form.
     *
     * @param id     a NetId64.
     * @param dst    destination array.
     * @param offset where to write {@link #BYTES} bytes.
     */
    public static void toBytes(final long id, final byte[] dst, final int offset) {
        for (int i = 0; i < BYTES; i++) {
            dst[offset + i] = (byte)(id >>> (56 - 8 * i));
        }
    }

    /**
     * @param id a NetId64.
     * @return the big-endian byte form.
     */
    public static byte[] toBytes(final long id) {
        final byte[] bytes = new byte[BYTES];
        toBytes(id, bytes, 0);
        return bytes;
    }

    /**
     * Reads the big-endian byte form.
     *
     * @param src    source array.
     * @param offset where {@link #BYTES} bytes start.
     * @return the id.
     */
    public static long fromBytes(final byte[] src, final int offset) {
        if (offset < 0 || src.length - offset < BYTES) {
            throw new IllegalArgumentException(
                "NetId64 needs " + BYTES + " bytes: length=" + src.length + ", offset=" + offset);
        }
        long id = 0;
        for (int i = 0; i < BYTES; i++) {
            id = (id << 8) | (src[offset + i] & 0xFF);
        }
        return id;
    }

    private static boolean isHex(final String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static long decimal(final String s, final int from, final int to, final long max, final String part) {
        if (from == to || to - from > 19) {
            throw invalid(s, part + " must be a decimal number 0.." + max);
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            final char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(s, part + " must be a decimal number 0.." + max);
            }
            value = value * 10 + (c - '0');
            if (value > max) {
                throw invalid(s, part + " out of range 0.." + max);
            }
        }
        return value;
    }

    private static IllegalArgumentException invalid(final String s, final String why) {
        return new IllegalArgumentException(
            "invalid NetId64: text='" + s + "' (" + why + "); expected kind:node:counter or 0x<hex>");
    }
}
