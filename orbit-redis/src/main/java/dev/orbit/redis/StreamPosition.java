package dev.orbit.redis;

/**
 * A position in one of the fleet's streams: the id of the last entry handled ({@code ms-seq}) and that entry's
 * stream epoch and number, so the next entries tell how many were skipped.
 *
 * @param ms     stream id milliseconds.
 * @param seq    stream id sequence.
 * @param epoch  the entry's stream epoch, 0 when unknown.
 * @param number the entry's number in its epoch, 0 when unknown.
 */
record StreamPosition(long ms, long seq, long epoch, long number) {

    /** Before every entry. */
    static final StreamPosition START = new StreamPosition(0, 0, 0, 0);

    /**
     * @return the id as Redis writes it.
     */
    String id() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    /**
     * @param id a stream id {@code ms-seq}.
     * @return its two parts.
     */
    static long[] parseId(final String id) {
        final int dash = id.indexOf('-');
        return new long[] {Long.parseUnsignedLong(id.substring(0, dash)), Long.parseUnsignedLong(id.substring(dash + 1))};
    }
}
