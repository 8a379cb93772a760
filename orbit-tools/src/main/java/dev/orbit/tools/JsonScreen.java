package dev.orbit.tools;

import java.util.List;

/**
 * Renders snapshots and fleet listings as JSON: one compact document, no trailing newline.
 */
final class JsonScreen {

    private JsonScreen() {
    }

    static String render(final FleetSnapshot snapshot) {
        final StringBuilder out = new StringBuilder(2048);
        final JsonWriter json = new JsonWriter(out).beginObject()
            .field("fleet", snapshot.fleet())
            .field("directory", snapshot.directory().toString())
            .field("uid", Integer.toUnsignedLong(snapshot.uid()))
            .field("takenAtMs", snapshot.takenAtMs())
            .field("maxAgeMs", snapshot.maxAgeMs())
            .field("membersLeft", snapshot.membersLeft());

        json.name("members").beginArray();
        for (final FleetSnapshot.Member member : snapshot.members()) {
            json.beginObject()
                .field("nodeId", member.nodeId())
                .field("pid", member.pid())
                .field("label", member.label())
                .field("state", member.status().text())
                .field("incarnation", member.incarnation())
                .field("joinedAtMs", member.joinedAtMs())
                .field("lastSeenMs", member.lastSeenMs())
                .field("heartbeatAgeMs", member.heartbeatAgeMs())
                .endObject();
        }
        json.endArray();

        json.name("rings").beginArray();
        for (final FleetSnapshot.Ring ring : snapshot.rings()) {
            json.beginObject()
                .field("kind", ring.kind())
                .field("kindName", ring.kindName())
                .field("cache", ring.cacheName())
                .field("file", ring.file())
                .field("capacity", ring.capacity())
                .field("payloadCapacity", ring.payloadCapacity())
                .field("head", ring.stats().head())
                .field("floor", ring.stats().floor());
            json.name("writesPerSecond");
            if (ring.writesPerSecond().isPresent()) {
                json.value(Math.round(ring.writesPerSecond().getAsDouble() * 1000) / 1000.0);
            }
            else {
                json.nullValue();
            }
            json.field("lost", ring.lost())
                .field("lostWrites", ring.stats().lostWrites())
                .field("busyWrites", ring.stats().busyWrites())
                .field("abandoned", ring.stats().abandoned())
                .field("takeovers", ring.stats().takeovers())
                .endObject();
        }
        json.endArray();

        json.name("contest");
        final FleetSnapshot.Contest contest = snapshot.contest();
        if (contest == null) {
            json.nullValue();
        }
        else {
            json.beginObject()
                .field("file", contest.file())
                .field("buckets", contest.buckets())
                .field("fenceCounter", contest.fenceCounter());
            json.name("holders").beginArray();
            for (final FleetSnapshot.Claim claim : contest.holders()) {
                json.beginObject()
                    .field("subject", claim.subject())
                    .field("subjectKind", claim.subjectKind())
                    .field("subjectLabel", claim.subjectLabel())
                    .field("subjectHash", "0x" + Long.toHexString(claim.subjectHash()))
                    .field("nodeId", claim.nodeId())
                    .field("owner", claim.owner())
                    .field("fenceToken", claim.fenceToken())
                    .field("expiresAtMs", claim.expiresAtMs())
                    .field("expiresInMs", claim.expiresInMs())
                    .endObject();
            }
            json.endArray().endObject();
        }
        json.name("hosts").beginArray();
        for (final dev.orbit.fleet.Host host : snapshot.hosts()) {
            json.beginObject()
                .field("hostId", host.hostId())
                .field("hostEpoch", Long.toHexString(host.hostEpoch()))
                .field("local", host.local())
                .field("state", host.state().name().toLowerCase(java.util.Locale.ROOT))
                .field("lastSeenMs", host.lastSeenMs())
                .field("bridgeNode", host.bridgeNode())
                .field("omitted", host.omitted());
            json.name("members").beginArray();
            for (final dev.orbit.fleet.HostMember member : host.members()) {
                json.beginObject()
                    .field("nodeId", member.nodeId())
                    .field("pid", member.pid())
                    .field("label", member.label())
                    .field("state", member.state().name().toLowerCase(java.util.Locale.ROOT))
                    .field("lastSeenMs", member.lastSeenMs())
                    .endObject();
            }
            json.endArray().endObject();
        }
        json.endArray();
        json.endObject();
        return out.toString();
    }

    static String render(final FleetDirectory directory, final List<FleetSummary> fleets) {
        final StringBuilder out = new StringBuilder(512);
        final JsonWriter json = new JsonWriter(out).beginObject()
            .field("directory", directory.path().toString())
            .field("uid", Integer.toUnsignedLong(directory.uid()));
        json.name("fleets").beginArray();
        for (final FleetSummary fleet : fleets) {
            json.beginObject()
                .field("fleet", fleet.name())
                .field("segments", fleet.segments());
            if (fleet.error() == null) {
                json.field("live", fleet.live()).field("total", fleet.total());
            }
            else {
                json.name("live").nullValue().name("total").nullValue();
            }
            json.field("error", fleet.error()).endObject();
        }
        json.endArray().endObject();
        return out.toString();
    }
}
