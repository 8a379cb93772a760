package dev.orbit.fleet;

/**
 * How a host of a bridged fleet, or a member of such a host, looked when last reported.
 */
public enum PeerState {

    /** Reported within the snapshot's maximum age. */
    ALIVE,

    /** Reported, but longer ago than the snapshot's maximum age. */
    STALE,

    /** Known to be gone: the process exited or was killed, or the host left the fleet or expired. */
    GONE
}
