package dev.orbit.ring;

/**
 * Counters a ring keeps in its shared header, visible to every process and to tools.
 *
 * @param head        next counter to be reserved; writes reserved so far.
 * @param floor       positions below this were dropped by a reset.
 * @param lostWrites  writes lapped before they could commit (their publish returned {@link NetId64#NULL}).
 * @param busyWrites  writes whose slot was still held by a live, stalled writer (also returned NULL).
 * @param abandoned   positions cancelled by readers after the pending timeout.
 * @param takeovers   slots taken over from writers whose process was gone.
 */
public record RingStats(long head, long floor, long lostWrites, long busyWrites, long abandoned, long takeovers) {
}
