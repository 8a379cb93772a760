package dev.orbit.fleet;

import java.nio.file.Path;
import java.util.List;

import org.agrona.concurrent.EpochClock;

import dev.orbit.internal.shm.MappedSegment;
import dev.orbit.internal.shm.SegmentOptions;

/**
 * A fleet's membership table read through a read-only mapping, for tools that must watch a fleet without
 * joining it: no membership slot is claimed and nothing is written.
 * Members in another pid namespace are judged by their last-seen age against the heartbeat interval the
 * segment's creator recorded.
 */
public final class MembersReader implements AutoCloseable {

    /** Assumed when a segment recorded no heartbeat interval. */
    static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 1000;

    private final MappedSegment segment;
    private final Membership membership;
    private final long heartbeatIntervalMs;

    private MembersReader(final MappedSegment segment, final Membership membership, final long heartbeatIntervalMs) {
        this.segment = segment;
        this.membership = membership;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
    }

    /**
     * Attaches read-only to a members segment.
     *
     * @param file                the members file ({@code SegmentNames.membersFile}).
     * @param fleet               the fleet name, for messages.
     * @param options             access mode and expected owner of the file.
     * @param clock               clock for last-seen ages of members in another pid namespace.
     * @return the reader.
     * @throws dev.orbit.shm.SegmentException when the file is missing or refused (another format version,
     *                                        another owner, half-created, ...), naming it.
     */
    public static MembersReader attach(
        final Path file,
        final String fleet,
        final SegmentOptions options,
        final EpochClock clock) {
        final MappedSegment segment = MappedSegment.attachReadOnly(file, ShmFleet.membersSpec(0), options);
        final long heartbeatIntervalMs = Membership.heartbeatIntervalOf(segment.buffer(), DEFAULT_HEARTBEAT_INTERVAL_MS);
        return new MembersReader(
            segment, new Membership(segment.buffer(), fleet, clock, heartbeatIntervalMs, ProcessProbe.self()),
            heartbeatIntervalMs);
    }

    /**
     * @return the heartbeat interval recorded by the segment's creator (1 s when it recorded none).
     */
    public long heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    /**
     * @return the host epoch recorded in the segment (0 for a segment of an earlier version no member joined since).
     */
    public long hostEpoch() {
        return Membership.hostEpochOf(segment.buffer());
    }

    /**
     * @return every slot that was ever claimed, as observed now, with gone holders judged {@link MemberState#GONE}.
     */
    public List<Member> members() {
        return membership.members();
    }

    /**
     * @param nodeId a node id.
     * @return true when that node's holder is known to be gone.
     */
    public boolean isGone(final int nodeId) {
        return membership.isGone(nodeId);
    }

    /**
     * @return the mapped members segment (read-only).
     */
    public MappedSegment segment() {
        return segment;
    }

    @Override
    public void close() {
        segment.close();
    }
}
