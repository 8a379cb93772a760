package dev.orbit.heartbeat;

import java.time.Duration;
import java.util.Map;

/**
 * Heartbeats of a fleet: each beat is a frame on the heartbeat ring (version = epoch millis) and refreshes
 * the member's last-seen time in the membership segment.
 */
public interface Heartbeats {

    /**
     * Publishes a heartbeat for this process now.
     *
     * @return the heartbeat frame's NetId64, {@code NetId64.NULL} if its write was lost (last-seen is
     *     refreshed regardless).
     */
    long beat();

    /**
     * @return epoch millis of the latest heartbeat per node id, for every member that holds a slot.
     */
    Map<Integer, Long> latest();

    /**
     * @param maxAge a member whose latest heartbeat is older than this is stale.
     * @return who is alive, stale and missing, as of the fleet clock's now.
     */
    HeartbeatSnapshot snapshot(Duration maxAge);
}
