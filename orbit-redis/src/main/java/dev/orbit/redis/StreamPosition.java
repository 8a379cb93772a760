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
        if (dash <= 0 || dash == id.length() - 1) {
            throw new IllegalArgumentException("not a stream id: id=" + id);
        }
        return new long[] {digits(id, 0, dash), digits(id, dash + 1, id.length())};
    }

    private static long digits(final String text, final int from, final int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            final int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new IllegalArgumentException("not a stream id: id=" + text);
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
