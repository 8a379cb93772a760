package dev.orbit.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

import dev.orbit.ring.Kinds;
import dev.orbit.ring.RingStats;

/**
 * What orbit-stat saw of a fleet at one instant.
 *
 * @param fleet        the fleet name.
 * @param directory    the fleet directory.
 * @param uid          the owner's uid in the file names.
 * @param takenAtMs    epoch millis of the snapshot.
 * @param maxAgeMs     heartbeat age beyond which a live member is shown stale.
 * @param members      members holding a slot, by node id (slots released by a clean close are only counted).
 * @param membersLeft  slots released by a clean close.
 * @param rings        rings by file name.
 * @param contest      the claims table, or null when the fleet has none yet.
 * @param hosts        the fleet's hosts as this host's bridge reported them (empty without a bridge).
 */
record FleetSnapshot(
    String fleet,
    Path directory,
    int uid,
    long takenAtMs,
    long maxAgeMs,
    List<Member> members,
    int membersLeft,
    List<Ring> rings,
    Contest contest,
    List<dev.orbit.fleet.Host> hosts) {

    /**
     * A snapshot of a fleet without a bridge between hosts.
     */
    FleetSnapshot(
        final String fleet,
        final Path directory,
        final int uid,
        final long takenAtMs,
        final long maxAgeMs,
        final List<Member> members,
        final int membersLeft,
        final List<Ring> rings,
        final Contest contest) {
        this(fleet, directory, uid, takenAtMs, maxAgeMs, members, membersLeft, rings, contest, List.of());
    }

    /**
     * @param status status to count.
     * @return members in that status.
     */
    long count(final MemberStatus status) {
        return members.stream().filter(m -> m.status() == status).count();
    }

    /**
     * A member as orbit-stat shows it.
     *
     * @param nodeId         node id.
     * @param pid            process id.
     * @param label          the member's label.
     * @param status         alive, stale, joining or gone.
     * @param incarnation    how many times the node id was claimed.
     * @param joinedAtMs     epoch millis of the join.
     * @param lastSeenMs     epoch millis of the latest heartbeat (or the join).
     * @param heartbeatAgeMs milliseconds since then.
     */
    record Member(
        int nodeId,
        long pid,
        String label,
        MemberStatus status,
        long incarnation,
        long joinedAtMs,
        long lastSeenMs,
        long heartbeatAgeMs) {
    }

    /**
     * A ring as orbit-stat shows it.
     *
     * @param file            the segment file's name.
     * @param kind            the ring's kind.
     * @param cacheName       the cache's name for a cache ring, else null.
     * @param capacity        slots.
     * @param payloadCapacity payload bytes per slot.
     * @param stats           the shared counters.
     * @param writesPerSecond head growth per second since the previous snapshot; empty for the first.
     */
    record Ring(
        String file,
        int kind,
        String cacheName,
        int capacity,
        int payloadCapacity,
        RingStats stats,
        OptionalDouble writesPerSecond) {

        /**
         * @return writes that returned NULL: lapped before committing plus slot busy.
         */
        long lost() {
            return stats.lostWrites() + stats.busyWrites();
        }

        /**
         * @return the substrate's name for Orbit's reserved kinds, "user" for 1..199, "reserved" otherwise.
         */
        String kindName() {
            return kindName(kind);
        }

        static String kindName(final int kind) {
            return Kinds.typeName(kind);
        }
    }

    /**
     * The claims table.
     *
     * @param file         the segment file's name.
     * @param buckets      its bucket count (the most distinct subjects it can hold).
     * @param fenceCounter the newest fence token drawn.
     * @param holders      current holders.
     */
    record Contest(String file, int buckets, long fenceCounter, List<Claim> holders) {
    }

    /**
     * The current holder of a subject.
     *
     * @param subjectKind  the subject's kind, -1 when its details are not published (yet).
     * @param subjectLabel the subject's label, null when its details are not published (yet).
     * @param subjectHash  the subject's 64-bit hash (the bucket key).
     * @param nodeId       the holder's node id.
     * @param owner        the holder's owner label (empty when unknown).
     * @param fenceToken   the tenure's fence token.
     * @param expiresAtMs  epoch millis when the claim ends without renewal.
     * @param expiresInMs  milliseconds from the snapshot until then.
     */
    record Claim(
        int subjectKind,
        String subjectLabel,
        long subjectHash,
        int nodeId,
        String owner,
        long fenceToken,
        long expiresAtMs,
        long expiresInMs) {

        /**
         * @return {@code kind/label} as the contest prints subjects, or {@code ?/0x...} when unknown.
         */
        String subject() {
            return subjectLabel == null ? "?/0x" + Long.toHexString(subjectHash) : subjectKind + "/" + subjectLabel;
        }
    }
}
