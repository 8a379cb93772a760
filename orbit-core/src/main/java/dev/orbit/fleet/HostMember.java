package dev.orbit.fleet;

/**
 * A member process of a host, as that host's bridge reported it.
 *
 * @param nodeId     its node id on that host.
 * @param pid        its process id on that host.
 * @param label      its label.
 * @param state      alive, stale (its last heartbeat is older than the snapshot's maximum age) or gone.
 * @param lastSeenMs epoch millis of its last heartbeat, on this host's clock.
 */
public record HostMember(int nodeId, long pid, String label, PeerState state, long lastSeenMs) {
}
