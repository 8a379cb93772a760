package dev.orbit.heartbeat;

import java.time.Duration;
import java.util.List;

/**
 * Who was alive, stale and missing at one instant.
 *
 * @param takenAtMs epoch millis of the snapshot.
 * @param maxAge    the age beyond which a member is stale.
 * @param expected  expected members (the fleet size).
 * @param alive     members whose latest heartbeat is within {@code maxAge}.
 * @param stale     members that hold a slot but whose latest heartbeat is older, or whose process is gone.
 * @param missing   how many expected members were never seen: {@code max(0, expected - alive - stale)}.
 */
public record HeartbeatSnapshot(
    long takenAtMs, Duration maxAge, int expected, List<NodeBeat> alive, List<NodeBeat> stale, int missing) {

    /**
     * A member's latest heartbeat.
     *
     * @param nodeId     node id.
     * @param pid        process id.
     * @param label      member label.
     * @param lastSeenMs epoch millis of its latest heartbeat.
     * @param ageMs      age at the snapshot.
     * @param gone       true when its process is known to be gone.
     */
    public record NodeBeat(int nodeId, long pid, String label, long lastSeenMs, long ageMs, boolean gone) {
    }
}
