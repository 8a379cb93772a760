package dev.orbit.fleet;

import java.nio.file.Path;
import java.util.List;

import org.agrona.concurrent.EpochClock;

import dev.orbit.shm.MappedSegment;
import dev.orbit.shm.SegmentOptions;

/**
 * A fleet's membership table read through a read-only mapping, for tools that must watch a fleet without
 * joining it: no membership slot is claimed and nothing is written.
 * <p>
 * This class ships in orbit-tools but lives in the package of {@link Membership}, whose read side is
 * package-private in orbit-core (a split package, which works on the class path and in the shaded jar). It
 * uses only what {@link Fleet#unlink} uses to find live members; a public read-only accessor in orbit-core
 * would replace it.
 */
public final class MembersReader implements AutoCloseable {

    private final MappedSegment segment;
    private final Membership membership;

    private MembersReader(final MappedSegment segment, final Membership membership) {
        this.segment = segment;
        this.membership = membership;
    }

    /**
     * Attaches read-only to a members segment.
     *
     * @param file                the members file ({@code SegmentNames.membersFile}).
     * @param fleet               the fleet name, for messages.
     * @param options             access mode and expected owner of the file.
     * @param clock               clock for last-seen ages of members in another pid namespace.
     * @param heartbeatIntervalMs the fleet's heartbeat interval: a member in another pid namespace is gone
     *                            after {@value Membership#STALE_INTERVALS} silent intervals.
     * @return the reader.
     * @throws dev.orbit.shm.SegmentException when the file is missing or refused (another format version,
     *                                        another owner, half-created, ...), naming it.
     */
    public static MembersReader attach(
        final Path file,
        final String fleet,
        final SegmentOptions options,
        final EpochClock clock,
        final long heartbeatIntervalMs) {
        final MappedSegment segment = MappedSegment.attachReadOnly(file, ShmFleet.membersSpec(), options);
        return new MembersReader(
            segment, new Membership(segment.buffer(), fleet, clock, heartbeatIntervalMs, ProcessProbe.self()));
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
