package dev.orbit.internal.ring;

import dev.orbit.ring.NodeId;

/**
 * The sequence word at the start of every slot: which counter the slot holds, which node wrote it and in
 * what state.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Counter (46 bits)                      |
 *  +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               |      Owner Node (16)      |St |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The word only moves forward: a slot's counter never decreases and, for one counter, the state goes
 * EMPTY/older -> WRITING -> COMMITTED, or to ABANDONED. Counters are compared modulo 2<sup>46</sup>
 * (a slot is rewritten every {@code capacity} writes, far inside that window).
 */
public final class SeqWord {

    /** Never written. Only the all-zero word has this state. */
    public static final int EMPTY = 0;

    /** Reserved by its owner node, which is writing the frame. */
    public static final int WRITING = 1;

    /** The frame is complete and may be read. */
    public static final int COMMITTED = 2;

    /** The position will never hold a frame: its writer died, or readers cancelled it. */
    public static final int ABANDONED = 3;

    /** Bits of the counter part. */
    public static final int COUNTER_BITS = 46;

    /** Mask of the counter part (after shifting). */
    public static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;

    private static final int STATE_BITS = 2;
    private static final int NODE_SHIFT = STATE_BITS;
    private static final int COUNTER_SHIFT = STATE_BITS + 16;
    private static final int STATE_MASK = (1 << STATE_BITS) - 1;
    private static final int WRAP_SHIFT = Long.SIZE - COUNTER_BITS;

    private SeqWord() {
    }

    /**
     * @param counter the ring counter (low 46 bits are kept).
     * @param node    owner node.
     * @param state   one of the states.
     * @return the packed word.
     */
    public static long pack(final long counter, final int node, final int state) {
        return ((counter & COUNTER_MASK) << COUNTER_SHIFT) | ((long)(node & NodeId.MAX) << NODE_SHIFT) | state;
    }

    /**
     * @param word a sequence word.
     * @return its counter (46 bits).
     */
    public static long counter(final long word) {
        return word >>> COUNTER_SHIFT;
    }

    /**
     * @param word a sequence word.
     * @return its owner node.
     */
    public static int node(final long word) {
        return (int)(word >>> NODE_SHIFT) & NodeId.MAX;
    }

    /**
     * @param word a sequence word.
     * @return its state.
     */
    public static int state(final long word) {
        return (int)word & STATE_MASK;
    }

    /**
     * Compares the word's counter with a full ring counter, modulo 2<sup>46</sup>.
     *
     * @param word    a sequence word.
     * @param counter a full ring counter.
     * @return negative if the word holds an older counter, zero if the same, positive if newer.
     */
    public static long compare(final long word, final long counter) {
        return ((counter(word) - counter) << WRAP_SHIFT) >> WRAP_SHIFT;
    }

    /**
     * @param state a state.
     * @return its name.
     */
    public static String stateName(final int state) {
        switch (state) {
            case EMPTY:
                return "EMPTY";
            case WRITING:
                return "WRITING";
            case COMMITTED:
                return "COMMITTED";
            default:
                return "ABANDONED";
        }
    }

    /**
     * @param word a sequence word.
     * @return e.g. {@code (42, node=3, COMMITTED)}.
     */
    public static String toString(final long word) {
        return "(" + counter(word) + ", node=" + node(word) + ", " + stateName(state(word)) + ")";
    }
}
