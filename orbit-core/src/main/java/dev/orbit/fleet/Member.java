package dev.orbit.fleet;

/**
 * One slot of a fleet's membership, as last observed.
 *
 * @param nodeId      the node id (the slot index).
 * @param state       the member's state.
 * @param pid         the holder's process id (0 when free).
 * @param incarnation how many times this node id has been claimed.
 * @param label       the holder's label (empty when free).
 * @param joinedAtMs  epoch millis when the holder claimed the slot.
 * @param lastSeenMs  epoch millis of the holder's last heartbeat (or its join).
 */
public record Member(
    int nodeId, MemberState state, long pid, long incarnation, String label, long joinedAtMs, long lastSeenMs) {

    /**
     * @param nowMs the current epoch millis.
     * @return milliseconds since the member was last seen.
     */
    public long ageMs(final long nowMs) {
        return Math.max(0, nowMs - lastSeenMs);
    }
}
