package dev.orbit.tools;

import java.time.Instant;
import java.util.Locale;

/**
 * Renders a snapshot as the text screen: a title line, then members, rings and claims as tables.
 */
final class TextScreen {

    private TextScreen() {
    }

    static String render(final FleetSnapshot snapshot, final String refresh) {
        final StringBuilder out = new StringBuilder(2048);
        out.append("orbit-stat  fleet=").append(snapshot.fleet())
            .append("  dir=").append(snapshot.directory())
            .append("  uid=").append(Integer.toUnsignedString(snapshot.uid()))
            .append("  at=").append(Instant.ofEpochMilli(snapshot.takenAtMs()));
        if (refresh != null) {
            out.append("  every ").append(refresh);
        }
        out.append("\n\n");
        members(snapshot, out);
        out.append('\n');
        rings(snapshot, out);
        out.append('\n');
        claims(snapshot, out);
        if (!snapshot.hosts().isEmpty()) {
            out.append('\n');
            hosts(snapshot, out);
        }
        return out.toString();
    }

    /**
     * The fleet's hosts as this host's bridge reports them: one line per host (this host marked {@code *}), then
     * the members of the other hosts.
     */
    private static void hosts(final FleetSnapshot snapshot, final StringBuilder out) {
        final java.util.List<dev.orbit.fleet.Host> hosts = snapshot.hosts();
        out.append("hosts: ").append(count(hosts, dev.orbit.fleet.PeerState.ALIVE)).append(" alive, ")
            .append(count(hosts, dev.orbit.fleet.PeerState.STALE)).append(" stale, ")
            .append(count(hosts, dev.orbit.fleet.PeerState.GONE)).append(" gone  (reported by this host's bridge)\n");
        final Table table = new Table("HOST", "EPOCH", "STATE", ">SEEN", ">BRIDGE", ">MEMBERS");
        for (final dev.orbit.fleet.Host host : hosts) {
            table.row(host.hostId() + (host.local() ? "*" : ""), Long.toHexString(host.hostEpoch()),
                host.state().name().toLowerCase(Locale.ROOT), Durations.format(Math.max(0, snapshot.takenAtMs() -
                    host.lastSeenMs())), host.bridgeNode() < 0 ? "-" : host.bridgeNode(),
                host.members().size() + (host.omitted() > 0 ? "+" + host.omitted() : ""));
        }
        table.appendTo(out, "  ");
        for (final dev.orbit.fleet.Host host : hosts) {
            if (host.local() || host.members().isEmpty()) {
                continue;
            }
            out.append("  ").append(host.hostId()).append(":\n");
            final Table members = new Table(">NODE", ">PID", "STATE", ">HEARTBEAT", "LABEL");
            for (final dev.orbit.fleet.HostMember member : host.members()) {
                members.row(member.nodeId(), member.pid(), member.state().name().toLowerCase(Locale.ROOT),
                    Durations.format(Math.max(0, snapshot.takenAtMs() - member.lastSeenMs())), member.label());
            }
            members.appendTo(out, "    ");
        }
    }

    private static long count(final java.util.List<dev.orbit.fleet.Host> hosts, final dev.orbit.fleet.PeerState state) {
        return hosts.stream().filter(h -> h.state() == state).count();
    }

    private static void members(final FleetSnapshot snapshot, final StringBuilder out) {
        out.append("members: ").append(snapshot.count(MemberStatus.ALIVE)).append(" alive, ")
            .append(snapshot.count(MemberStatus.STALE)).append(" stale, ")
            .append(snapshot.count(MemberStatus.GONE)).append(" gone");
        final long joining = snapshot.count(MemberStatus.JOINING);
        if (joining > 0) {
            out.append(", ").append(joining).append(" joining");
        }
        out.append(", ").append(snapshot.membersLeft()).append(" left")
            .append("  (stale after ").append(Durations.format(snapshot.maxAgeMs())).append(")\n");
        final Table table = new Table(">NODE", ">PID", "STATE", ">HEARTBEAT", "LABEL");
        for (final FleetSnapshot.Member member : snapshot.members()) {
            table.row(member.nodeId(), member.pid(), member.status().text(),
                Durations.format(member.heartbeatAgeMs()), member.label());
        }
        if (!table.isEmpty()) {
            table.appendTo(out, "  ");
        }
    }

    private static void rings(final FleetSnapshot snapshot, final StringBuilder out) {
        out.append("rings: ").append(snapshot.rings().size()).append('\n');
        final Table table = new Table(">KIND", "TYPE", "NAME", ">CAPACITY", ">PAYLOAD", ">HEAD", ">WRITES/S", ">LOST",
            ">TAKEOVERS", "FILE");
        for (final FleetSnapshot.Ring ring : snapshot.rings()) {
            table.row(ring.kind(), ring.kindName(), ring.cacheName() == null ? "-" : ring.cacheName(),
                ring.capacity(), ring.payloadCapacity(), ring.stats().head(),
                ring.writesPerSecond().isPresent() ?
                    String.format(Locale.ROOT, "%.1f", ring.writesPerSecond().getAsDouble()) : "-",
                ring.lost(), ring.stats().takeovers(), ring.file());
        }
        if (!table.isEmpty()) {
            table.appendTo(out, "  ");
        }
    }

    private static void claims(final FleetSnapshot snapshot, final StringBuilder out) {
        final FleetSnapshot.Contest contest = snapshot.contest();
        if (contest == null) {
            out.append("claims: none (no claims table yet)\n");
            return;
        }
        out.append("claims: ").append(contest.holders().size()).append(" held, fence counter ")
            .append(contest.fenceCounter()).append(", ").append(contest.buckets()).append(" buckets in ")
            .append(contest.file()).append('\n');
        final Table table = new Table("SUBJECT", ">NODE", "OWNER", ">FENCE", ">EXPIRES IN");
        for (final FleetSnapshot.Claim claim : contest.holders()) {
            table.row(claim.subject(), claim.nodeId(), claim.owner().isEmpty() ? "-" : claim.owner(),
                claim.fenceToken(), Durations.format(claim.expiresInMs()));
        }
        if (!table.isEmpty()) {
            table.appendTo(out, "  ");
        }
    }
}
