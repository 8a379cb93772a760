package dev.orbit.ring;

/**
 * What a reader missed.
 *
 * @param overwritten positions whose frame was replaced by a newer one before the reader got to it.
 * @param unavailable positions that never held a readable frame: the writer died or stalled past the
 *                    pending timeout, its write was lost, or the frame was malformed.
 */
public record Loss(long overwritten, long unavailable) {

    /** No loss. */
    public static final Loss NONE = new Loss(0, 0);

    /**
     * @return overwritten plus unavailable.
     */
    public long total() {
        return overwritten + unavailable;
    }

    /**
     * @param other another loss.
     * @return the sum.
     */
    public Loss plus(final Loss other) {
        return new Loss(overwritten + other.overwritten, unavailable + other.unavailable);
    }
}
