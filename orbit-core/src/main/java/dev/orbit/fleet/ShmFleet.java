package dev.orbit.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orbit.contest.Contest;
import dev.orbit.internal.contest.ClaimsDescriptor;
import dev.orbit.internal.contest.Contests;
import dev.orbit.internal.ring.RingSegmentSpec;
import dev.orbit.internal.ring.Rings;
import dev.orbit.internal.ring.WakeHub;
import dev.orbit.internal.shm.MappedSegment;
import dev.orbit.internal.shm.Processes;
import dev.orbit.internal.shm.SegmentHeader;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.internal.shm.SegmentOptions;
import dev.orbit.internal.shm.SegmentSpec;
import dev.orbit.internal.wake.UnixWakeTransport;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingDescriptor;
import dev.orbit.ring.RingSpec;
import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentException;

/**
 * A fleet whose segments are memory-mapped files in the fleet directory, shared by sibling processes.
 */
final class ShmFleet extends AbstractFleet {

    private final Path directory;
    private final AccessMode mode;
    private final int uid;
    private final SegmentOptions options;
    private final MappedSegment members;
    private final Membership membership;
    private final List<MappedSegment> segments = new CopyOnWriteArrayList<>();
    private final List<MappedRing> mappedRings = new CopyOnWriteArrayList<>();
    private final WakeHub wakeHub;

    /** A ring and the segment it is mapped from, with the length the file must keep. */
    private record MappedRing(Ring ring, Path file, long length) {
    }
    private volatile MappedSegment claims;

    private ShmFleet(final FleetBuilder builder, final Path directory) {
        super(builder);
        this.directory = directory;
        this.mode = builder.accessMode;
        this.uid = Processes.currentUid();
        SegmentOptions segmentOptions = SegmentOptions.defaults().withMode(mode);
        if (builder.expectedUid.isPresent()) {
            segmentOptions = segmentOptions.withExpectedUid(builder.expectedUid.getAsInt());
        }
        this.options = segmentOptions;
        this.members = MappedSegment.openOrCreate(
            SegmentNames.membersFile(directory, name, mode, uid), membersSpec(heartbeatIntervalMs), options);
        this.membership = new Membership(members.buffer(), name, clock, heartbeatIntervalMs, ProcessProbe.self());
        membership.claim(builder.nodeId, label);
        this.wakeHub = openWakeHub(builder.expectedUid.orElse(uid));
        try {
            membership.hostEpoch();
            if (membership.reused()) {
                abandonWritesOfPreviousHolder();
                Contests.releaseClaimsOf(claimsTable(), membership.node());
            }
            refuseExistingSegmentsOfAnotherSpec();
            startKeeper();
        }
        catch (final RuntimeException | Error ex) {
            stopKeeper();
            wakeHub.close();
            membership.release();
            closeSegments();
            throw ex;
        }
    }

    /**
     * Listens for wake-up nudges on this node's socket in the fleet directory. Without one (a path too long for a
     * Unix-domain socket, a foreign file at that path, no Unix-domain sockets on this platform) other processes
     * cannot wake this one's threads: they look at their rings every millisecond instead, and
     * {@link #wakeStats()} says so.
     */
    private WakeHub openWakeHub(final int peerUid) {
        final int node = membership.node();
        try {
            return WakeHub.over(node, UnixWakeTransport.open(SegmentNames.wakeSocket(directory, name, node, mode, uid),
                peer -> SegmentNames.wakeSocket(directory, name, peer, mode, uid), mode, peerUid));
        }
        catch (final IOException | RuntimeException ex) {
            return WakeHub.unreachable(node);
        }
    }

    @Override
    WakeHub wakeHub() {
        return wakeHub;
    }

    /**
     * Attaches the existing segments whose spec this handle fixes (claims table, event and contest rings) so a
     * segment of another spec is refused at join, naming both specs, rather than at first use.
     */
    private void refuseExistingSegmentsOfAnotherSpec() {
        if (Files.exists(SegmentNames.claimsFile(directory, name, mode, uid), LinkOption.NOFOLLOW_LINKS)) {
            claimsTable();
        }
        refuseRingOfAnotherSpec(Kinds.EVENTS, eventsSpec, "events (FleetBuilder.eventsSpec)");
        refuseRingOfAnotherSpec(Kinds.CONTEST, CONTEST_SPEC, "contest");
        refuseRingOfAnotherSpec(Kinds.HEARTBEAT, HEARTBEAT_SPEC, "heartbeats");
    }

    private void refuseRingOfAnotherSpec(final int kind, final RingSpec spec, final String what) {
        final Path file = SegmentNames.ringFile(directory, name, kind, mode, uid);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            existingSpec(file, kind).filter(existing -> !existing.equals(spec)).ifPresent(existing -> {
                throw new SegmentException("ring spec mismatch: file=" + file + ", ring=" + what + ", kind=" + kind +
                    ", existing=" + existing + ", requested=" + spec + " (every process of a fleet must use the same " +
                    "spec; to change it, stop the fleet and unlink its segments)");
            });
        }
    }

    static Fleet join(final FleetBuilder builder) {
        final Path directory = builder.directory != null ? builder.directory : SegmentNames.defaultDirectory();
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("fleet directory does not exist or is not a directory: directory=" +
                directory + " (create it, or point the fleet at an existing directory such as /dev/shm)");
        }
        return new ShmFleet(builder, directory);
    }

    static SegmentSpec membersSpec(final long heartbeatIntervalMs) {
        return new SegmentSpec() {
            @Override
            public String describe() {
                return "members slots=" + FleetBuilder.MEMBER_SLOTS;
            }

            @Override
            public long length() {
                return MembersDescriptor.length(FleetBuilder.MEMBER_SLOTS);
            }

            @Override
            public int typeTag() {
                return MembersDescriptor.TYPE_TAG;
            }

            @Override
            public void initialise(final ByteBuffer buffer) {
                Membership.initialise(buffer, FleetBuilder.MEMBER_SLOTS, heartbeatIntervalMs);
            }

            @Override
            public void validate(final ByteBuffer buffer, final Path file) {
                final int slots = buffer.getInt(MembersDescriptor.SLOT_COUNT_OFFSET);
                final int slotLength = buffer.getInt(MembersDescriptor.SLOT_LENGTH_OFFSET);
                if (slots != FleetBuilder.MEMBER_SLOTS || slotLength != MembersDescriptor.SLOT_LENGTH) {
                    throw SegmentException.refusing(file, "members layout mismatch: expected slots=" +
                        FleetBuilder.MEMBER_SLOTS + " slotLength=" + MembersDescriptor.SLOT_LENGTH + ", found slots=" +
                        slots + " slotLength=" + slotLength);
                }
            }
        };
    }

    static SegmentSpec claimsSpec(final int buckets) {
        return new SegmentSpec() {
            @Override
            public String describe() {
                return "claims buckets=" + buckets;
            }

            @Override
            public long length() {
                return ClaimsDescriptor.length(buckets);
            }

            @Override
            public int typeTag() {
                return ClaimsDescriptor.TYPE_TAG;
            }

            @Override
            public void initialise(final ByteBuffer buffer) {
                ClaimsDescriptor.initialise(buffer, buckets);
            }

            @Override
            public void validate(final ByteBuffer buffer, final Path file) {
                final int found = ClaimsDescriptor.bucketsOf(buffer);
                if (found != buckets) {
                    throw SegmentException.refusing(file, "claims table mismatch: expected buckets=" + buckets +
                        ", found buckets=" + found + " (every process of a fleet must use the same claim slots)");
                }
            }
        };
    }

    /**
     * The previous holder of our node id may have died mid-write: its WRITING slots would otherwise look
     * owned by us, a live process, forever.
     */
    private void abandonWritesOfPreviousHolder() {
        for (final Path file : SegmentNames.fleetSegments(directory, name, mode, uid)) {
            final SegmentHeader header;
            try {
                header = MappedSegment.readHeader(file, options);
            }
            catch (final SegmentException ex) {
                continue;
            }
            if (header.typeTag() != RingDescriptor.TYPE_TAG || !header.isPublished()) {
                continue;
            }
            final MappedSegment segment = MappedSegment.attach(file, RingSegmentSpec.existing(-1, header.length()), options);
            final Ring ring = over(segment);
            Rings.abandonWritesOf(ring, membership.node());
            Rings.clearSleeper(ring, membership.node());
            segment.close();
        }
    }

    private Ring over(final MappedSegment segment) {
        return over(null, segment);
    }

    private Ring over(final String ringName, final MappedSegment segment) {
        final Ring ring = Rings.over(ringName, segment.buffer(), segment.path(), membership.node(), membership::isGone,
            clock, pendingTimeoutMs, true);
        Rings.wakeUpsThrough(ring, wakeHub);
        return ring;
    }

    @Override
    Ring openRing(final int kind, final RingSpec spec, final String cacheName, final String ringName) {
        final Path file = cacheName == null ?
            SegmentNames.ringFile(directory, name, kind, mode, uid) :
            SegmentNames.cacheFile(directory, name, cacheName, mode, uid);
        final MappedSegment segment;
        try {
            segment = MappedSegment.openOrCreate(file, RingSegmentSpec.of(kind, spec), options);
        }
        catch (final SegmentException ex) {
            throw existingSpec(file, kind).filter(existing -> !existing.equals(spec))
                .map(existing -> (RuntimeException)new SegmentException("ring spec mismatch: file=" + file + ", kind=" +
                    kind + ", existing=" + existing + ", requested=" + spec + " (every process of a fleet must " +
                    "declare the same spec for a kind; to change it, stop the fleet and unlink its segments)", ex))
                .orElse(ex);
        }
        segments.add(segment);
        return track(over(ringName, segment), segment);
    }

    private Ring track(final Ring ring, final MappedSegment segment) {
        mappedRings.add(new MappedRing(ring, segment.path(), segment.buffer().capacity()));
        return ring;
    }

    private Optional<RingSpec> existingSpec(final Path file, final int kind) {
        try {
            final MappedSegment existing = MappedSegment.attachReadOnly(
                file, RingSegmentSpec.existing(kind, Files.size(file)), options);
            try {
                return Optional.of(Rings.specOf(existing.buffer()));
            }
            finally {
                existing.close();
            }
        }
        catch (final IOException | RuntimeException ignored) {
            return Optional.empty();
        }
    }

    @Override
    Optional<RingSpec> existingCacheSpec(final String cacheName) {
        final Path file = SegmentNames.cacheFile(directory, name, cacheName, mode, uid);
        return Files.exists(file) ? existingSpec(file, Kinds.CACHE) : Optional.empty();
    }

    @Override
    java.util.Set<String> existingCacheNames() {
        final String prefix = "orbit-" + name + "-cache-";
        final String probe = SegmentNames.cacheFile(directory, name, "c", mode, uid).getFileName().toString();
        final String suffix = probe.substring(prefix.length() + 1);
        final java.util.Set<String> names = new java.util.TreeSet<>();
        for (final Path file : SegmentNames.fleetSegments(directory, name, mode, uid)) {
            final String fileName = file.getFileName().toString();
            if (fileName.startsWith(prefix) && fileName.endsWith(suffix) &&
                fileName.length() > prefix.length() + suffix.length()) {
                final String cacheName = fileName.substring(prefix.length(), fileName.length() - suffix.length());
                try {
                    names.add(SegmentNames.validateCacheName(cacheName));
                }
                catch (final IllegalArgumentException ignored) {
                    // not a cache segment of this fleet
                }
            }
        }
        return names;
    }

    @Override
    Optional<Ring> attachExisting(final int kind) {
        if (kind == Kinds.CACHE) {
            return Optional.empty();
        }
        final Path file = SegmentNames.ringFile(directory, name, kind, mode, uid);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            final MappedSegment segment = MappedSegment.attach(file, RingSegmentSpec.existing(kind, Files.size(file)), options);
            segments.add(segment);
            return Optional.of(track(over(segment), segment));
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    ByteBuffer claimsTable() {
        MappedSegment segment = claims;
        if (segment == null) {
            synchronized (this) {
                segment = claims;
                if (segment == null) {
                    final Path file = SegmentNames.claimsFile(directory, name, mode, uid);
                    try {
                        segment = MappedSegment.openOrCreate(file, claimsSpec(claimSlots), options);
                    }
                    catch (final SegmentException ex) {
                        throw existingClaimSlots(file).filter(existing -> existing != claimSlots)
                            .map(existing -> (RuntimeException)new SegmentException("claims table mismatch: file=" +
                                file + ", existing claimSlots=" + existing + ", requested claimSlots=" + claimSlots +
                                " (every process of a fleet must use the same claim slots: FleetBuilder.claimSlots, " +
                                "orbit.claims.slots with Spring Boot; to change it, stop the fleet and unlink its " +
                                "segments)", ex))
                            .orElse(ex);
                    }
                    claims = segment;
                }
            }
        }
        return segment.buffer();
    }

    /**
     * @return the bucket count of an existing claims table, read through a read-only attach, if it is one.
     */
    private Optional<Integer> existingClaimSlots(final Path file) {
        try {
            final long length = Files.size(file);
            final MappedSegment existing = MappedSegment.attachReadOnly(file, new SegmentSpec() {
                @Override
                public String describe() {
                    return "claims (existing)";
                }

                @Override
                public long length() {
                    return length;
                }

                @Override
                public int typeTag() {
                    return ClaimsDescriptor.TYPE_TAG;
                }

                @Override
                public void initialise(final ByteBuffer buffer) {
                    throw new IllegalStateException("never creates");
                }

                @Override
                public void validate(final ByteBuffer buffer, final Path file) {
                    // the caller reads the bucket count
                }
            }, options);
            try {
                final int buckets = ClaimsDescriptor.bucketsOf(existing.buffer());
                return buckets > 0 && ClaimsDescriptor.length(Math.max(buckets, 1)) == length ?
                    Optional.of(buckets) : Optional.empty();
            }
            finally {
                existing.close();
            }
        }
        catch (final IOException | RuntimeException ignored) {
            return Optional.empty();
        }
    }

    @Override
    Membership membership() {
        return membership;
    }

    /**
     * The keeper's check of the mapped files: a file that shrank under its mapping (truncated or replaced) has
     * lost the pages past its new end. Its rings then refuse every operation with a {@link SegmentException}
     * naming the file, instead of letting the next access fault; a shrunk members segment ends this membership.
     */
    @Override
    void checkMappedFiles() {
        for (final MappedRing mapped : mappedRings) {
            final String shrunk = shrunk(mapped.file, mapped.length);
            if (shrunk != null) {
                Rings.fault(mapped.ring, shrunk);
            }
        }
        final MappedSegment claimsSegment = claims;
        final Contest contest = contestIfOpen();
        if (claimsSegment != null && contest != null) {
            final String shrunk = shrunk(claimsSegment.path(), ClaimsDescriptor.length(claimSlots));
            if (shrunk != null) {
                Contests.fault(contest, shrunk);
            }
        }
        final String members = shrunk(this.members.path(), MembersDescriptor.length(FleetBuilder.MEMBER_SLOTS));
        if (members != null) {
            membershipLost(members);
        }
    }

    @Override
    Path claimsFile() {
        return SegmentNames.claimsFile(directory, name, mode, uid);
    }

    private static String shrunk(final Path file, final long length) {
        long size;
        try {
            size = Files.size(file);
        }
        catch (final IOException gone) {
            // Unlinked: the mapping keeps the file's pages, so nothing faults.
            return null;
        }
        if (size >= length) {
            return null;
        }
        return "segment " + file + " was truncated under this process: size=" + size + ", expected length=" + length +
            " (its shared memory past the new end is gone; stop the fleet's processes, remove its segments with " +
            "unlink, and start them again)";
    }

    @Override
    public boolean sharedMemory() {
        return true;
    }

    @Override
    public Optional<Path> directory() {
        return Optional.of(directory);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopKeeper();
        rings().forEach(Rings::close);
        // Before the node id is released: its next holder binds the same socket path.
        wakeHub.close();
        membership.release();
        closeSegments();
    }

    private void closeSegments() {
        segments.forEach(MappedSegment::close);
        segments.clear();
        if (claims != null) {
            claims.close();
        }
        members.close();
    }

    static int unlink(final Path directory, final String name, final boolean force) {
        SegmentNames.validateFleetName(name);
        final int uid = Processes.currentUid();
        final List<Path> files = new ArrayList<>(SegmentNames.fleetSegments(directory, name, AccessMode.OWNER, uid));
        if (!force) {
            final List<String> live = liveMembers(directory, name, uid);
            if (!live.isEmpty()) {
                throw new IllegalStateException("refusing to unlink fleet with live members: fleet=" + name +
                    ", directory=" + directory + ", live=" + live +
                    " (stop them first, or force: a new file beside old mappings splits the fleet)");
            }
        }
        int deleted = 0;
        for (final Path file : files) {
            if (MappedSegment.unlink(file)) {
                deleted++;
            }
        }
        for (final Path socket : SegmentNames.wakeSockets(directory, name, AccessMode.OWNER, uid)) {
            try {
                Files.deleteIfExists(socket);
            }
            catch (final IOException ex) {
                throw new UncheckedIOException("cannot remove wake socket " + socket + ": " + ex, ex);
            }
        }
        return deleted;
    }

    private static List<String> liveMembers(final Path directory, final String name, final int uid) {
        final Path file = SegmentNames.membersFile(directory, name, AccessMode.OWNER, uid);
        if (!Files.exists(file)) {
            return List.of();
        }
        try (MembersReader reader = MembersReader.attach(
            file, name, SegmentOptions.defaults(), org.agrona.concurrent.SystemEpochClock.INSTANCE)) {
            final List<String> live = new ArrayList<>();
            for (final Member member : reader.members()) {
                if (member.state() == MemberState.LIVE || member.state() == MemberState.CLAIMING) {
                    live.add("nodeId=" + member.nodeId() + " pid=" + member.pid() + " label=" + member.label());
                }
            }
            return live;
        }
    }
}
