package dev.orbit.redis;

/**
 * Where one process's bridge handle stands.
 */
public enum BridgeState {

    /** Built, not started. */
    NEW,

    /** Started; another process of this host runs the host's bridge (or none yet won the election). */
    STANDBY,

    /** This process runs the host's bridge and Redis answers. */
    ACTIVE,

    /** This process runs the host's bridge but Redis does not answer: events queue in the local ring. */
    DEGRADED,

    /** Closed. */
    CLOSED
}
