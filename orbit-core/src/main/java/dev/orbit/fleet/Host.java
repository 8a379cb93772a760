package dev.orbit.fleet;

import java.util.List;

/**
 * A host of a fleet that spans hosts, as this host's bridge last reported it: one shared-memory fleet on one
 * machine, named by its host id and told apart from an earlier life of the same machine by its epoch.
 *
 * @param hostId     the host's id.
 * @param hostEpoch  the epoch of its members segment ({@link Fleet#hostEpoch()}).
 * @param local      true for this host.
 * @param state      alive, stale (last reported longer ago than the snapshot's maximum age) or gone (left the
 *                   fleet, or its entry expired).
 * @param lastSeenMs epoch millis when its bridge last reported it, on this host's clock.
 * @param bridgeNode node id of the process running that host's bridge, -1 when unknown.
 * @param members    its members.
 * @param omitted    members left out because the report had no room for them.
 */
public record Host(
    String hostId,
    long hostEpoch,
    boolean local,
    PeerState state,
    long lastSeenMs,
    int bridgeNode,
    List<HostMember> members,
    int omitted) {

    /**
     * Copies the member list.
     */
    public Host {
        members = List.copyOf(members);
    }
}
