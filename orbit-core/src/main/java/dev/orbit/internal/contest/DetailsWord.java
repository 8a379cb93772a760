package dev.orbit.internal.contest;

/**
 * The details word of a claims-table bucket: whose details (fence token, owner, subject) the bucket holds
 * and whether they are complete. It keeps a stalled winner's late stores from mixing into a newer
 * tenure's details, the way a ring slot's sequence word does for frames.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              R                                |
 *  +           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           |   Node (8)    |            Tag (16)           |St |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Node and tag are those of the tenure's lock word (see {@link LockWord}). A winner takes the details by
 * CAS to {@link #WRITING}, stores the fields, then CASes to {@link #PUBLISHED}. It does not take them while
 * another live node is WRITING (a stalled earlier winner; this tenure is then reported without details:
 * an empty owner and a fence token rebuilt from the tag), so two writers never store into one bucket's
 * details at once, and a writer whose process is gone is taken over. A reader
 * accepts the details only when this word is PUBLISHED for the lock word's tenure and unchanged after
 * reading them.
 */
final class DetailsWord {

    /** No details were ever written. */
    public static final int EMPTY = 0;

    /** The node is storing its tenure's details. */
    public static final int WRITING = 1;

    /** The tenure's details are complete. */
    public static final int PUBLISHED = 2;

    private static final int STATE_BITS = 2;
    private static final int STATE_MASK = (1 << STATE_BITS) - 1;
    private static final int TAG_SHIFT = STATE_BITS;
    private static final int NODE_SHIFT = STATE_BITS + LockWord.TAG_BITS;

    private DetailsWord() {
    }

    /**
     * @param lockWord the tenure's lock word.
     * @param state    {@link #WRITING} or {@link #PUBLISHED}.
     * @return the details word of that tenure in that state.
     */
    public static long of(final long lockWord, final int state) {
        return ((long)LockWord.node(lockWord) << NODE_SHIFT) | ((long)LockWord.tag(lockWord) << TAG_SHIFT) | state;
    }

    /**
     * @param word a details word.
     * @return its state.
     */
    public static int state(final long word) {
        return (int)word & STATE_MASK;
    }

    /**
     * @param word a details word.
     * @return the node that writes or wrote the details.
     */
    public static int node(final long word) {
        return (int)(word >>> NODE_SHIFT) & LockWord.MAX_NODE;
    }

    /**
     * @param word     a details word.
     * @param lockWord a lock word.
     * @return true when the details are complete and belong to the lock word's tenure.
     */
    public static boolean isPublishedFor(final long word, final long lockWord) {
        return word == of(lockWord, PUBLISHED);
    }

    /**
     * @param word a details word.
     * @return e.g. {@code (PUBLISHED, node=3, tag=42)}.
     */
    public static String toString(final long word) {
        final int state = state(word);
        final String name = state == EMPTY ? "EMPTY" : state == WRITING ? "WRITING" : state == PUBLISHED ?
            "PUBLISHED" : "UNKNOWN";
        return "(" + name + ", node=" + node(word) + ", tag=" + ((word >>> TAG_SHIFT) & LockWord.TAG_MASK) + ")";
    }
}
