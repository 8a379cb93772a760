package dev.orbit.ring;

/**
 * Where a new cursor starts.
 */
public enum StartPosition {

    /** At the head: only frames written after the cursor was opened. */
    LATEST,

    /** At the oldest position still retained by the ring. */
    EARLIEST
}
