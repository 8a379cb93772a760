package dev.orbit.internal.contest;

/**
 * The lock word of a claims-table bucket: until when the subject is held, by which node, and a tag that
 * tells one tenure from the next. Claim, renew, release and takeover are each one CAS on this word.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Expiry (40 bits, ms since the epoch)          |
 *  +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               |   Node (8)    |            Tag (16)           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Bits 63-24 are the expiry in milliseconds since {@link #EPOCH_MS} (2024-01-01T00:00Z), which covers
 * about 34 years; bits 23-16 the holder's node id; bits 15-0 the low 16 bits of the tenure's fence token.
 * <p>
 * An expiry of 0 means <b>free</b>: a release clears only the expiry, so a free word still names the last
 * holder and its tag. The largest expiry, {@link #MAX_EXPIRY}, means <b>REKEYING</b>: the node named is placing
 * a subject into the bucket (see {@link ClaimsDescriptor}), which then holds no subject; claims never expire that
 * late (their expiry is clamped below it). A word is <b>held</b> at time {@code now} when it is not free and
 * {@code now < expiresAtMs(word)}. The tag guards against ABA: a word only returns to a value it had
 * before when the same node holds the subject again with a token equal modulo 2<sup>16</sup> (and, for a
 * held word, the same expiry to the millisecond).
 */
public final class LockWord {

    /** The epoch of the expiry field: 2024-01-01T00:00:00Z in epoch milliseconds. */
    public static final long EPOCH_MS = 1_704_067_200_000L;

    /** Bits of the expiry field. */
    public static final int EXPIRY_BITS = 40;

    /** Bits of the node field. */
    public static final int NODE_BITS = 8;

    /** Bits of the tag field. */
    public static final int TAG_BITS = 16;

    /** Largest node id a lock word holds. */
    public static final int MAX_NODE = (1 << NODE_BITS) - 1;

    /** Largest value of the expiry field (relative to {@link #EPOCH_MS}): marks a REKEYING word. */
    public static final long MAX_EXPIRY = (1L << EXPIRY_BITS) - 1;

    /** Largest expiry of a held word (relative to {@link #EPOCH_MS}). */
    public static final long MAX_HELD_EXPIRY = MAX_EXPIRY - 1;

    /** Mask of the tag field, which is also the mask that keeps a fence token's low bits. */
    public static final long TAG_MASK = (1L << TAG_BITS) - 1;

    /** Mask of the bits that name a tenure: node and tag. */
    public static final long TENURE_MASK = (1L << (NODE_BITS + TAG_BITS)) - 1;

    private static final int NODE_SHIFT = TAG_BITS;
    private static final int EXPIRY_SHIFT = TAG_BITS + NODE_BITS;

    private LockWord() {
    }

    /**
     * Packs a word.
     *
     * @param expiresAtMs epoch millis when the claim ends; clamped to the range a held word holds, never
     *                    below 1 ms after {@link #EPOCH_MS} nor above {@link #MAX_HELD_EXPIRY}.
     * @param node        holder's node, 0..{@link #MAX_NODE}.
     * @param fenceToken  the tenure's fence token; its low 16 bits become the tag.
     * @return the packed word, never free.
     */
    public static long held(final long expiresAtMs, final int node, final long fenceToken) {
        final long expiry = Math.min(Math.max(expiresAtMs - EPOCH_MS, 1L), MAX_HELD_EXPIRY);
        return (expiry << EXPIRY_SHIFT) | ((long)(node & MAX_NODE) << NODE_SHIFT) | (fenceToken & TAG_MASK);
    }

    /**
     * @param node the node placing a subject into the bucket.
     * @return the REKEYING word of that node (its tag is 0).
     */
    public static long rekeying(final int node) {
        return (MAX_EXPIRY << EXPIRY_SHIFT) | ((long)(node & MAX_NODE) << NODE_SHIFT);
    }

    /**
     * @param word a lock word.
     * @return true when a node is placing a subject into the bucket: it holds no subject meanwhile.
     */
    public static boolean isRekeying(final long word) {
        return (word >>> EXPIRY_SHIFT) == MAX_EXPIRY;
    }

    /**
     * @param word a lock word.
     * @return the same tenure's word, released (free).
     */
    public static long released(final long word) {
        return word & TENURE_MASK;
    }

    /**
     * @param word a lock word.
     * @return true when no tenure holds it (the expiry field is 0).
     */
    public static boolean isFree(final long word) {
        return (word >>> EXPIRY_SHIFT) == 0;
    }

    /**
     * @param word  a lock word.
     * @param nowMs the current time in epoch millis.
     * @return true when it is a claim (not free, not REKEYING) that has not expired at {@code nowMs}.
     */
    public static boolean isHeld(final long word, final long nowMs) {
        return !isFree(word) && !isRekeying(word) && nowMs < expiresAtMs(word);
    }

    /**
     * @param word a lock word.
     * @return epoch millis when the tenure ends without renewal; 0 when free.
     */
    public static long expiresAtMs(final long word) {
        final long expiry = word >>> EXPIRY_SHIFT;
        return expiry == 0 ? 0 : EPOCH_MS + expiry;
    }

    /**
     * @param word a lock word.
     * @return the node of the holder (or of the last holder, when free).
     */
    public static int node(final long word) {
        return (int)(word >>> NODE_SHIFT) & MAX_NODE;
    }

    /**
     * @param word a lock word.
     * @return the low 16 bits of the tenure's fence token.
     */
    public static int tag(final long word) {
        return (int)(word & TAG_MASK);
    }

    /**
     * @param a a lock word.
     * @param b another lock word.
     * @return true when both name the same tenure (node and tag) and both are claims (neither free nor REKEYING).
     */
    public static boolean sameTenure(final long a, final long b) {
        return !isFree(a) && !isFree(b) && !isRekeying(a) && !isRekeying(b) && (a & TENURE_MASK) == (b & TENURE_MASK);
    }

    /**
     * Rebuilds a full fence token from a tag: the newest token not above {@code newestToken} whose low 16
     * bits are the tag. Exact while fewer than 65,536 tokens were drawn after the tenure's own.
     *
     * @param tag         a lock word's tag.
     * @param newestToken the newest token drawn from the table's fence counter.
     * @return the token, or 0 when no positive token matches.
     */
    public static long tokenFromTag(final int tag, final long newestToken) {
        final long token = newestToken - ((newestToken - tag) & TAG_MASK);
        return Math.max(token, 0L);
    }

    /**
     * @param word a lock word.
     * @return e.g. {@code (expiresAtMs=1717171717171, node=3, tag=42)} or {@code (free, node=3, tag=42)}.
     */
    public static String toString(final long word) {
        final String state = isFree(word) ? "free" : isRekeying(word) ? "rekeying" : "expiresAtMs=" + expiresAtMs(word);
        return "(" + state + ", node=" + node(word) + ", tag=" + tag(word) + ")";
    }
}
