package dev.orbit.ring;

/**
 * What a reader missed.
 *
 * @param overwritten positions that left the ring's window before the reader got to them (replaced by newer
 *                    frames), whether or not they ever committed.
 * @param unavailable positions that will never hold a readable frame: the writer died, or its reservation was
 *                    cancelled after the pending timeout (its write was lost), or the frame was malformed.
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
