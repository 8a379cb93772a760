package dev.orbit.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

import org.agrona.concurrent.EpochClock;

import dev.orbit.fleet.Member;
import dev.orbit.fleet.MemberState;
import dev.orbit.fleet.MembersReader;
import dev.orbit.internal.ring.RingSegmentSpec;
import dev.orbit.internal.ring.Rings;
import dev.orbit.internal.shm.MappedSegment;
import dev.orbit.internal.shm.SegmentHeader;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.internal.shm.SegmentOptions;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingStats;
import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentDescriptor;
import dev.orbit.shm.SegmentException;

/**
 * A read-only view of one fleet: its members, rings and claims table, each mapped read-only.
 * <p>
 * Every segment is attached with {@link MappedSegment#attachReadOnly}: opened for reading, mapped read-only,
 * its lock file taken shared and never created. The view claims no membership slot and never writes, so it
 * works while the fleet runs and cannot disturb it. Each {@link #snapshot()} looks at the directory again,
 * attaching segments created since and dropping segments removed since.
 * <p>
 * Not thread-safe.
 */
final class FleetView implements AutoCloseable {

    /** The node id rings are opened with: the view never writes, so it never owns a slot. */
    private static final int READER_NODE = 0;

    /** Rings by kind (user kinds first, then caches by name, events, heartbeat, contest). */
    private static final Comparator<FleetSnapshot.Ring> RING_ORDER = Comparator
        .comparingInt(FleetSnapshot.Ring::kind)
        .thenComparing(ring -> ring.cacheName() == null ? "" : ring.cacheName())
        .thenComparing(FleetSnapshot.Ring::file);

    private final FleetDirectory directory;
    private final String fleet;
    private final SegmentOptions options;
    private final EpochClock clock;
    private final long maxAgeMs;
    private final Path membersFile;
    private final Path claimsFile;
    private final Map<Path, AttachedRing> rings = new TreeMap<>();
    private final Map<Path, Object> fileKeys = new HashMap<>();
    private MembersReader members;
    private MappedSegment claimsSegment;
    private ClaimsReader claims;

    private static final class AttachedRing {
        final MappedSegment segment;
        final Ring ring;
        final String cacheName;
        long previousHead = -1;
        long previousAtNs;

        AttachedRing(final MappedSegment segment, final Ring ring, final String cacheName) {
            this.segment = segment;
            this.ring = ring;
            this.cacheName = cacheName;
        }
    }

    private FleetView(
        final FleetDirectory directory,
        final String fleet,
        final EpochClock clock,
        final long maxAgeMs) {
        this.directory = directory;
        this.fleet = fleet;
        this.options = SegmentOptions.defaults();
        this.clock = clock;
        this.maxAgeMs = maxAgeMs;
        this.membersFile = SegmentNames.membersFile(directory.path(), fleet, AccessMode.OWNER, directory.uid());
        this.claimsFile = SegmentNames.claimsFile(directory.path(), fleet, AccessMode.OWNER, directory.uid());
    }

    /**
     * @param directory           the checked fleet directory.
     * @param fleet               a valid fleet name.
     * @param clock               wall clock.
     * @param maxAgeMs            heartbeat age beyond which a live member is shown stale.
     * @return the view, with nothing attached yet.
     * @throws ToolException when the fleet has no files in the directory.
     */
    static FleetView open(
        final FleetDirectory directory,
        final String fleet,
        final EpochClock clock,
        final long maxAgeMs) {
        directory.requireFleet(fleet);
        return new FleetView(directory, fleet, clock, maxAgeMs);
    }

    /**
     * Looks at the directory again, attaches new segments read-only and reads every counter.
     *
     * @return what the fleet looks like now.
     * @throws SegmentException when a segment is refused (another format version, another owner,
     *                          half-created, ...), naming it.
     */
    FleetSnapshot snapshot() {
        final List<Path> files = directory.segments(fleet);
        sync(files);
        final long nowMs = clock.time();
        final long nowNs = System.nanoTime();

        final List<FleetSnapshot.Member> memberRows = new ArrayList<>();
        int left = 0;
        if (members != null) {
            for (final Member member : members.members()) {
                if (member.state() == MemberState.FREE) {
                    left++;
                    continue;
                }
                memberRows.add(new FleetSnapshot.Member(member.nodeId(), member.pid(), member.label(),
                    MemberStatus.of(member, nowMs, maxAgeMs), member.incarnation(), member.joinedAtMs(),
                    member.lastSeenMs(), member.ageMs(nowMs)));
            }
        }

        final List<FleetSnapshot.Ring> ringRows = new ArrayList<>();
        for (final Map.Entry<Path, AttachedRing> entry : rings.entrySet()) {
            final AttachedRing attached = entry.getValue();
            final RingStats stats = attached.ring.stats();
            final OptionalDouble rate = attached.previousHead < 0 || nowNs <= attached.previousAtNs ?
                OptionalDouble.empty() :
                OptionalDouble.of((stats.head() - attached.previousHead) * 1e9 / (nowNs - attached.previousAtNs));
            attached.previousHead = stats.head();
            attached.previousAtNs = nowNs;
            ringRows.add(new FleetSnapshot.Ring(entry.getKey().getFileName().toString(), attached.ring.kind(),
                attached.cacheName, attached.ring.capacity(), attached.ring.payloadCapacity(), stats, rate));
        }

        FleetSnapshot.Contest contest = null;
        if (claims != null) {
            final MembersReader judge = members;
            contest = new FleetSnapshot.Contest(claimsFile.getFileName().toString(), claims.buckets(),
                claims.fenceCounter(), claims.holders(nowMs, node -> judge != null && judge.isGone(node)));
        }
        ringRows.sort(RING_ORDER);
        List<dev.orbit.fleet.Host> hosts = List.of();
        for (final AttachedRing attached : rings.values()) {
            if (attached.ring.kind() == dev.orbit.ring.Kinds.BRIDGE) {
                hosts = dev.orbit.fleet.HostFrameDescriptor.newestPerHost(attached.ring, nowMs, maxAgeMs,
                    members != null ? members.hostEpoch() : 0);
            }
        }
        return new FleetSnapshot(fleet, directory.path(), directory.uid(), nowMs, maxAgeMs, List.copyOf(memberRows),
            left, List.copyOf(ringRows), contest, hosts);
    }

    /**
     * @return every segment attached now, members and claims included.
     */
    List<MappedSegment> segments() {
        final List<MappedSegment> segments = new ArrayList<>();
        if (members != null) {
            segments.add(members.segment());
        }
        if (claimsSegment != null) {
            segments.add(claimsSegment);
        }
        rings.values().forEach(attached -> segments.add(attached.segment));
        return segments;
    }

    @Override
    public void close() {
        if (members != null) {
            members.close();
            members = null;
        }
        if (claimsSegment != null) {
            claimsSegment.close();
            claimsSegment = null;
            claims = null;
        }
        rings.values().forEach(attached -> attached.segment.close());
        rings.clear();
        fileKeys.clear();
    }

    /**
     * Drops segments whose file was removed or replaced (unlinked and created anew: the old mapping no longer
     * shows what the fleet's new members write), then attaches the files not attached yet.
     */
    private void sync(final List<Path> files) {
        final Set<Path> current = new HashSet<>();
        for (final Path file : files) {
            final Object key = fileKeys.get(file);
            if (key == null || key.equals(fileKey(file))) {
                current.add(file);
            }
        }
        if (members != null && !current.contains(membersFile)) {
            members.close();
            members = null;
            fileKeys.remove(membersFile);
        }
        if (claimsSegment != null && !current.contains(claimsFile)) {
            claimsSegment.close();
            claimsSegment = null;
            claims = null;
            fileKeys.remove(claimsFile);
        }
        for (final Iterator<Map.Entry<Path, AttachedRing>> it = rings.entrySet().iterator(); it.hasNext(); ) {
            final Map.Entry<Path, AttachedRing> entry = it.next();
            if (!current.contains(entry.getKey())) {
                entry.getValue().segment.close();
                fileKeys.remove(entry.getKey());
                it.remove();
            }
        }

        for (final Path file : files) {
            try {
                attach(file);
            }
            catch (final SegmentException ex) {
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw ex;
                }
                // removed since the directory was listed (an unlink at work): gone from this snapshot
            }
        }
    }

    private void attach(final Path file) {
        if (!fileKeys.containsKey(file)) {
            final Object key = fileKey(file);
            if (key != null) {
                fileKeys.put(file, key);
            }
        }
        if (file.equals(membersFile)) {
            if (members == null) {
                requireFormat(file);
                members = MembersReader.attach(file, fleet, options, clock);
            }
        }
        else if (file.equals(claimsFile)) {
            if (claimsSegment == null) {
                final SegmentHeader header = requireFormat(file);
                claimsSegment = MappedSegment.attachReadOnly(file, ClaimsReader.existingSpec(header.length()), options);
                claims = new ClaimsReader(claimsSegment.buffer());
            }
        }
        else if (!rings.containsKey(file)) {
            final SegmentHeader header = requireFormat(file);
            final MappedSegment segment = MappedSegment.attachReadOnly(
                file, RingSegmentSpec.existing(-1, header.length()), options);
            final Ring ring = Rings.over(segment.buffer(), READER_NODE,
                node -> members != null && members.isGone(node), clock, Rings.DEFAULT_PENDING_TIMEOUT_MS, false);
            rings.put(file, new AttachedRing(segment, ring, cacheNameOf(file)));
        }
    }

    /**
     * Reads the common header (under the segment's shared lock, so a creator at work is waited for) and refuses
     * a segment of another format version before its length or layout is trusted.
     */
    private SegmentHeader requireFormat(final Path file) {
        final SegmentHeader header = MappedSegment.readHeader(file, options);
        if (header.isPublished() && header.formatVersion() != SegmentDescriptor.FORMAT_VERSION) {
            throw SegmentException.refusing(file, "formatVersion=" + header.formatVersion() + ", expected formatVersion=" +
                SegmentDescriptor.FORMAT_VERSION + " (written by another Orbit version: use the orbit-stat of that " +
                "version, or stop the processes that use it and remove the fleet with unlink)");
        }
        return header;
    }

    /**
     * @return the file's identity (device and inode), or null when it cannot be read.
     */
    private static Object fileKey(final Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        }
        catch (final IOException ex) {
            return null;
        }
    }

    /**
     * @return the cache's name when the file is {@code orbit-{fleet}-cache-{name}-{uid}}, else null.
     */
    private String cacheNameOf(final Path file) {
        final String name = file.getFileName().toString();
        final String prefix = "orbit-" + fleet + "-cache-";
        final String suffix = "-" + Integer.toUnsignedString(directory.uid());
        if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length() <= prefix.length() + suffix.length()) {
            return null;
        }
        final String candidate = name.substring(prefix.length(), name.length() - suffix.length());
        try {
            final Path expected = SegmentNames.cacheFile(directory.path(), fleet, candidate, AccessMode.OWNER,
                directory.uid());
            return expected.getFileName().toString().equals(name) ? candidate : null;
        }
        catch (final IllegalArgumentException ex) {
            return null;
        }
    }
}
