package dev.orbit.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.orbit.fixtures.TestFleets;
import dev.orbit.heartbeat.HeartbeatSnapshot;
import dev.orbit.ring.Frame;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.OrbitType;
import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentException;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetTest {

    @OrbitType(kind = 7, capacity = 64, payload = 32)
    record WorkerLoad(int worker, double load, long at) {
    }

    @OrbitType(kind = 7, capacity = 128, payload = 32)
    static final class SameKindOtherSpec {
    }

    @OrbitType(kind = 7, capacity = 64, payload = 32)
    static final class SameKindSameSpec {
    }

    @OrbitType(kind = 201)
    static final class Reserved {
    }

    static final class NotAnnotated {
    }

    @OrbitType(kind = 9)
    record Named(String name) {
    }

    @OrbitType(kind = 10, capacity = 1000)
    static final class BadCapacity {
    }

    private final String name = TestFleets.uniqueName("fleet");

    @AfterEach
    void cleanUp() {
        TestFleets.unlink(name);
    }

    @Test
    void shouldPublishAndReadTypedFramesInProcess() {
        try (Fleet fleet = Fleet.builder().name(name).nodeId(4).join()) {
            final long id = fleet.publish(WorkerLoad.class, 1, 99L, new byte[] {1, 2, 3});

            assertThat(NetId64.kind(id)).isEqualTo(7);
            assertThat(NetId64.node(id)).isEqualTo(4);
            assertThat(fleet.read(id)).map(Frame::payload).contains(new byte[] {1, 2, 3});
            assertThat(fleet.readHead(WorkerLoad.class)).map(Frame::version).contains(99L);
            assertThat(fleet.readAt(WorkerLoad.class, 0)).isPresent();
            assertThat(fleet.head(WorkerLoad.class)).isEqualTo(1);
            assertThat(fleet.capacity(WorkerLoad.class)).isEqualTo(64);
            assertThat(fleet.ring(SameKindSameSpec.class)).isSameAs(fleet.ring(WorkerLoad.class));
            assertThat(fleet.sharedMemory()).isFalse();
            assertThat(fleet.directory()).isEmpty();
        }
    }

    @Test
    void shouldRefuseSameKindWithOtherSpecNamingBoth() {
        try (Fleet fleet = Fleet.builder().name(name).join()) {
            fleet.ring(WorkerLoad.class);

            assertThatThrownBy(() -> fleet.ring(SameKindOtherSpec.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind=7")
                .hasMessageContaining("existing=RingSpec(capacity=64, payloadCapacity=32)")
                .hasMessageContaining("requested=RingSpec(capacity=128, payloadCapacity=32)")
                .hasMessageContaining(WorkerLoad.class.getName())
                .hasMessageContaining(SameKindOtherSpec.class.getName());
        }
    }

    @Test
    void shouldRefuseReservedKindMissingAnnotationAndBadSpec() {
        try (Fleet fleet = Fleet.builder().name(name).join()) {
            assertThatThrownBy(() -> fleet.ring(Reserved.class)).hasMessageContaining("kind=201");
            assertThatThrownBy(() -> fleet.ring(NotAnnotated.class)).hasMessageContaining("no @OrbitType")
                .hasMessageContaining(NotAnnotated.class.getName());
            assertThatThrownBy(() -> fleet.ring(BadCapacity.class)).hasMessageContaining("capacity=1000")
                .hasMessageContaining(BadCapacity.class.getName());
        }
    }

    @Test
    void shouldStoreAndLoadNewestOrbitalValue() {
        try (Fleet fleet = Fleet.builder().name(name).join()) {
            final var orbital = fleet.orbital(WorkerLoad.class);
            assertThat(orbital.load()).isEmpty();

            orbital.store(new WorkerLoad(1, 0.5, 10));
            orbital.store(new WorkerLoad(2, 0.75, 20));

            assertThat(orbital.load()).contains(new WorkerLoad(2, 0.75, 20));
            assertThat(fleet.orbital(WorkerLoad.class)).isSameAs(orbital);
            assertThatThrownBy(() -> fleet.orbital(Named.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        }
    }

    @Test
    void shouldReadMembersReadOnlyWithTheCreatorsHeartbeatInterval() throws Exception {
        try (Fleet fleet = Fleet.builder().name(name).label("reader-test").heartbeatInterval(Duration.ofMillis(250))
            .joinShm()) {
            final Path file = dev.orbit.internal.shm.SegmentNames.membersFile(TestFleets.directory(), name, AccessMode.OWNER,
                dev.orbit.internal.shm.Processes.currentUid());
            // Freeze the fleet: its keeper rewrites last-seen and kept-alive every interval while it runs.
            ((AbstractFleet)fleet).stopKeeper();
            final byte[] before = Files.readAllBytes(file);
            try (MembersReader reader = MembersReader.attach(file, name, dev.orbit.internal.shm.SegmentOptions.defaults(),
                org.agrona.concurrent.SystemEpochClock.INSTANCE)) {
                assertThat(reader.heartbeatIntervalMs()).isEqualTo(250);
                assertThat(reader.segment().readOnly()).isTrue();
                assertThat(reader.segment().buffer().isReadOnly()).isTrue();
                assertThat(reader.members()).singleElement().satisfies(member -> {
                    assertThat(member.nodeId()).isEqualTo(fleet.nodeId());
                    assertThat(member.label()).isEqualTo("reader-test");
                });
                assertThat(reader.isGone(fleet.nodeId())).isFalse();
            }
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }
    }

    @Test
    void shouldStopWritingWhenAnotherProcessTookItsSlot() throws Exception {
        try (Fleet fleet = Fleet.builder().name(name).heartbeatInterval(Duration.ofMillis(10)).joinShm()) {
            final var ring = fleet.ring(WorkerLoad.class);
            final Path file = dev.orbit.internal.shm.SegmentNames.membersFile(TestFleets.directory(), name, AccessMode.OWNER,
                dev.orbit.internal.shm.Processes.currentUid());
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
                final var members = channel.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, channel.size())
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                final int slot = MembersDescriptor.slotOffset(fleet.nodeId());
                final long word = members.getLong(slot + MembersDescriptor.WORD_OFFSET);
                members.putLong(slot + MembersDescriptor.WORD_OFFSET, MembersDescriptor.word(
                    MembersDescriptor.LIVE, MembersDescriptor.incarnation(word) + 1, 1));
            }
            Await.value(Duration.ofSeconds(60), () -> refusal(ring), refusal -> true,
                "a publish refused after another process took the slot");
            assertThatThrownBy(() -> fleet.ring(WorkerLoad.class)).hasMessageContaining("membership lost")
                .hasMessageContaining("another process took node id " + fleet.nodeId())
                .hasMessageContaining("pid=1");
            assertThatThrownBy(() -> ring.publish(0, 0, new byte[] {1})).hasMessageContaining("membership lost")
                .hasMessageContaining("another process took node id").hasMessageNotContaining("handle was closed");
        }
    }

    @Test
    void shouldSayMembershipWasLostWhenTheMembersTableIsWiped() throws Exception {
        try (Fleet fleet = Fleet.builder().name(name).heartbeatInterval(Duration.ofMillis(10)).joinShm()) {
            final var ring = fleet.ring(WorkerLoad.class);
            final Path file = dev.orbit.internal.shm.SegmentNames.membersFile(TestFleets.directory(), name, AccessMode.OWNER,
                dev.orbit.internal.shm.Processes.currentUid());
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
                final var members = channel.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, channel.size());
                for (int i = 0; i < members.capacity(); i++) {
                    members.put(i, (byte)0);
                }
            }
            final IllegalStateException refusal = Await.value(Duration.ofSeconds(60), () -> refusal(ring),
                refused -> true, "a publish refused after the members table was wiped");
            assertThat(refusal).hasMessageContaining("membership lost").hasMessageContaining("was wiped")
                .hasMessageContaining("node id " + fleet.nodeId()).hasMessageNotContaining("handle was closed");
            assertThatThrownBy(fleet::events).hasMessageContaining("membership lost").hasMessageContaining("was wiped");
        }
    }

    @Test
    void shouldPublishHeartbeatFramesFromTheFleetItselfEveryInterval() {
        try (Fleet fleet = Fleet.builder().name(name).heartbeatInterval(Duration.ofMillis(20)).join()) {
            final var beats = fleet.rings().stream().filter(ring -> ring.kind() == dev.orbit.ring.Kinds.HEARTBEAT)
                .findFirst().orElseThrow();
            Await.until(Duration.ofSeconds(60), () -> beats.head() >= 3,
                "heartbeat frames published without any call to beat()");
            assertThat(fleet.heartbeats().snapshot(Duration.ofMinutes(1)).alive()).singleElement()
                .satisfies(beat -> assertThat(beat.nodeId()).isEqualTo(fleet.nodeId()));
        }
    }

    @Test
    void shouldRefusePublishThroughRingOfClosedFleet() {
        final Fleet fleet = Fleet.builder().name(name).joinShm();
        final var ring = fleet.ring(WorkerLoad.class);
        final long id = ring.publish(0, 0, new byte[] {1});
        fleet.close();

        assertThatThrownBy(() -> ring.publish(0, 0, new byte[] {2})).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
        assertThat(ring.read(id)).isPresent();
        assertThatThrownBy(() -> fleet.ring(WorkerLoad.class)).hasMessageContaining("closed");
    }

    @Test
    void shouldValidateBuilderOptionsWhenSet() {
        assertThatThrownBy(() -> Fleet.builder().name("../etc")).hasMessageContaining("../etc");
        assertThatThrownBy(() -> Fleet.builder().size(0)).hasMessageContaining("size=0");
        assertThatThrownBy(() -> Fleet.builder().size(256)).hasMessageContaining("size=256");
        assertThatThrownBy(() -> Fleet.builder().nodeId(256)).hasMessageContaining("nodeId=256");
        assertThatThrownBy(() -> Fleet.builder().name("a").name("b")).hasMessageContaining("set twice: name");
        assertThatThrownBy(() -> Fleet.builder().label("x".repeat(65))).hasMessageContaining("length=65");
        assertThatThrownBy(() -> Fleet.builder().pendingTimeout(Duration.ZERO)).hasMessageContaining("pendingTimeout=PT0S");
        assertThatThrownBy(() -> Fleet.builder().pendingTimeout(Duration.ofNanos(999_999)))
            .hasMessageContaining("pendingTimeout=PT0.000999999S");
        assertThatThrownBy(() -> Fleet.builder().heartbeatInterval(Duration.ofNanos(1)))
            .hasMessageContaining("heartbeatInterval=PT0.000000001S");
        assertThatThrownBy(() -> Fleet.builder().heartbeatInterval(Duration.ofSeconds(Long.MAX_VALUE)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeatInterval");
        assertThatThrownBy(() -> Fleet.builder().pendingTimeout(Duration.ofDays(2)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pendingTimeout=PT48H");
        assertThatThrownBy(() -> Fleet.builder().claimSlots(1000)).hasMessageContaining("claimSlots=1000");
        assertThatThrownBy(() -> Fleet.builder().join()).hasMessageContaining("name is required");
    }

    @Test
    void shouldCreateOwnerOnlySegmentsAndFreeMembershipOnClose() throws Exception {
        final Path directory = TestFleets.directory();
        final int node;
        try (Fleet fleet = Fleet.builder().name(name).directory(directory).label("test-a").joinShm()) {
            fleet.ring(WorkerLoad.class);
            node = fleet.nodeId();
            assertThat(fleet.sharedMemory()).isTrue();
            assertThat(fleet.directory()).contains(directory);
            assertThat(fleet.members()).singleElement().satisfies(member -> {
                assertThat(member.state()).isEqualTo(MemberState.LIVE);
                assertThat(member.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(member.label()).isEqualTo("test-a");
            });
            try (var files = Files.list(directory)) {
                final List<Path> segments = files.filter(p -> p.getFileName().toString().startsWith("orbit-" + name + "-"))
                    .toList();
                assertThat(segments).isNotEmpty();
                for (final Path segment : segments) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(segment))).isEqualTo("rw-------");
                }
            }
            assertThatThrownBy(() -> Fleet.unlink(directory, name, false))
                .hasMessageContaining("live members")
                .hasMessageContaining("nodeId=" + node);
        }
        try (Fleet again = Fleet.builder().name(name).directory(directory).joinShm()) {
            assertThat(again.nodeId()).isEqualTo(node);
            assertThat(again.members()).singleElement().extracting(Member::incarnation).isEqualTo(2L);
        }
        assertThat(Fleet.unlink(directory, name, false)).isPositive();
        assertThat(TestFleets.noFilesLeft(name)).isTrue();
    }

    @Test
    void shouldCreateGroupReadableSegmentsInGroupMode() throws Exception {
        try (Fleet fleet = Fleet.builder().name(name).accessMode(AccessMode.GROUP_READ).joinShm()) {
            fleet.ring(WorkerLoad.class);
            try (var files = Files.list(TestFleets.directory())) {
                final List<Path> segments = files.filter(p -> p.getFileName().toString().startsWith("orbit-" + name + "-") &&
                    !p.toString().endsWith(".lock")).toList();
                assertThat(segments).isNotEmpty().allSatisfy(segment -> assertThat(segment.getFileName().toString())
                    .doesNotEndWith("-" + dev.orbit.internal.shm.Processes.currentUid()));
                for (final Path segment : segments) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(segment))).isEqualTo("rw-r-----");
                }
            }
        }
        finally {
            try (var files = Files.list(TestFleets.directory())) {
                files.filter(p -> p.getFileName().toString().startsWith("orbit-" + name + "-")).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void shouldRefuseExistingRingWithOtherSpecAcrossHandles() {
        try (Fleet first = Fleet.builder().name(name).joinShm()) {
            first.ring(WorkerLoad.class);
            try (Fleet second = Fleet.builder().name(name).joinShm()) {
                assertThatThrownBy(() -> second.ring(SameKindOtherSpec.class))
                    .isInstanceOf(SegmentException.class)
                    .hasMessageContaining("capacity=128")
                    .hasMessageContaining("capacity=64");
            }
        }
    }

    @Test
    void shouldRefuseAClaimsTableOfOtherClaimSlotsAtJoinNamingBoth() {
        try (Fleet first = Fleet.builder().name(name).claimSlots(64).joinShm()) {
            first.contest();

            assertThatThrownBy(() -> Fleet.builder().name(name).claimSlots(128).joinShm())
                .isInstanceOf(SegmentException.class)
                .hasMessageContaining("claims table mismatch")
                .hasMessageContaining("existing claimSlots=64")
                .hasMessageContaining("requested claimSlots=128")
                .hasMessageContaining("orbit-" + name + "-claims-")
                .hasMessageContaining("FleetBuilder.claimSlots")
                .hasMessageNotContaining("creator died");
            assertThat(first.members()).as("the refused join left no member behind")
                .filteredOn(member -> member.state() == MemberState.LIVE).hasSize(1);
        }
    }

    @Test
    void shouldRefuseAnEventRingOfAnotherSpecAtJoinNamingBoth() {
        try (Fleet first = Fleet.builder().name(name).eventsSpec(dev.orbit.ring.RingSpec.of(64, 128)).joinShm()) {
            first.events();

            assertThatThrownBy(() -> Fleet.builder().name(name).joinShm())
                .isInstanceOf(SegmentException.class)
                .hasMessageContaining("ring spec mismatch")
                .hasMessageContaining("events")
                .hasMessageContaining("existing=RingSpec(capacity=64, payloadCapacity=128)")
                .hasMessageContaining("requested=RingSpec(capacity=4096, payloadCapacity=1024)");
        }
    }

    @Test
    void shouldRefuseSegmentsOwnedByAnotherUser() {
        try (Fleet first = Fleet.builder().name(name).joinShm()) {
            assertThatThrownBy(() -> Fleet.builder().name(name).expectedUid(12345).joinShm())
                .isInstanceOf(SegmentException.class)
                .hasMessageContaining("12345");
        }
    }

    @Test
    void shouldReportAliveStaleAndMissingMembers() {
        final ManualClock clock = new ManualClock(0);
        clock.update(1_000_000);
        try (Fleet a = Fleet.builder().name(name).size(4).clock(clock).automaticHeartbeats(false).joinShm();
             Fleet b = Fleet.builder().name(name).size(4).clock(clock).automaticHeartbeats(false).joinShm()) {
            a.heartbeats().beat();
            clock.advance(3000);
            b.heartbeats().beat();

            final HeartbeatSnapshot snapshot = a.heartbeats().snapshot(Duration.ofSeconds(2));

            assertThat(snapshot.expected()).isEqualTo(4);
            assertThat(snapshot.alive()).singleElement().satisfies(beat -> assertThat(beat.nodeId()).isEqualTo(b.nodeId()));
            assertThat(snapshot.stale()).singleElement().satisfies(beat -> {
                assertThat(beat.nodeId()).isEqualTo(a.nodeId());
                assertThat(beat.ageMs()).isEqualTo(3000);
            });
            assertThat(snapshot.missing()).isEqualTo(2);
            assertThat(a.heartbeats().latest()).containsEntry(a.nodeId(), 1_000_000L).containsEntry(b.nodeId(), 1_003_000L);
            assertThat(a.read(NetId64.of(dev.orbit.ring.Kinds.HEARTBEAT, b.nodeId(), 1))).isPresent();
        }
    }


    @Test
    void shouldShareOneHostEpochWhenProcessesJoinAndDrawANewOneWhenSegmentsAreCreatedAnew() {
        final long first;
        try (Fleet a = Fleet.builder().name(name).joinShm(); Fleet b = Fleet.builder().name(name).joinShm()) {
            first = a.hostEpoch();
            assertThat(first).isNotZero();
            assertThat(b.hostEpoch()).isEqualTo(first);
            try (MembersReader reader = MembersReader.attach(
                dev.orbit.internal.shm.SegmentNames.membersFile(TestFleets.directory(), name, AccessMode.OWNER,
                    dev.orbit.internal.shm.Processes.currentUid()),
                name, dev.orbit.internal.shm.SegmentOptions.defaults(), org.agrona.concurrent.SystemEpochClock.INSTANCE)) {
                assertThat(reader.hostEpoch()).isEqualTo(first);
            }
        }
        try (Fleet again = Fleet.builder().name(name).joinShm()) {
            assertThat(again.hostEpoch()).as("segments kept: same host").isEqualTo(first);
        }
        TestFleets.unlink(name);
        try (Fleet fresh = Fleet.builder().name(name).joinShm()) {
            assertThat(fresh.hostEpoch()).as("segments created anew: a new host").isNotZero().isNotEqualTo(first);
        }
        try (Fleet local = Fleet.builder().name(name).join(); Fleet other = Fleet.builder().name(name).join()) {
            assertThat(local.hostEpoch()).isNotZero().isNotEqualTo(other.hostEpoch());
        }
    }

    @Test
    void shouldSetAHostEpochOnceWhenASegmentOfAnEarlierVersionHasNone() throws Exception {
        final Path file = dev.orbit.internal.shm.SegmentNames.membersFile(
            TestFleets.directory(), name, AccessMode.OWNER, dev.orbit.internal.shm.Processes.currentUid());
        try (Fleet fleet = Fleet.builder().name(name).joinShm()) {
            assertThat(fleet.hostEpoch()).isNotZero();
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(
            file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.allocate(8), MembersDescriptor.HOST_EPOCH_OFFSET);
        }
        try (Fleet a = Fleet.builder().name(name).joinShm(); Fleet b = Fleet.builder().name(name).joinShm()) {
            assertThat(a.hostEpoch()).isNotZero().isEqualTo(b.hostEpoch());
        }
    }

    /**
     * @return the exception of a refused publish, or null when the publish went through.
     */
    private static IllegalStateException refusal(final dev.orbit.ring.Ring ring) {
        try {
            ring.publish(0, 0, new byte[] {1});
            return null;
        }
        catch (final IllegalStateException refused) {
            return refused;
        }
    }
}
