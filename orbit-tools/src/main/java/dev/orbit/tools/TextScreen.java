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
        return out.toString();
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
