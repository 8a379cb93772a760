package dev.orbit.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.Processes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A view that stays open across snapshots, as the live screen keeps it, follows the directory: new rings
 * appear, and a fleet unlinked and started anew is shown from its new files, not from the old mappings.
 */
class FleetViewTest {

    private Path dir;
    private String fleet;

    @BeforeEach
    void setUp() throws IOException {
        dir = FleetFiles.newDirectory();
        fleet = "view-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() throws IOException {
        FleetFiles.delete(dir);
    }

    @Test
    void shouldFollowNewRingsAndAFleetStartedAnewAfterUnlink() {
        publishTicks(3);
        final FleetDirectory directory = FleetDirectory.open(dir, Processes.currentUid());
        try (FleetView view = FleetView.open(directory, fleet, SystemEpochClock.INSTANCE, 3000)) {
            final FleetSnapshot first = view.snapshot();
            assertThat(first.rings()).as("the tick ring and the ring of the member's keeper's heartbeats")
                .extracting(FleetSnapshot.Ring::kind).containsExactly(Tick.KIND, 221);
            assertThat(first.rings().get(0).stats().head()).isEqualTo(3);
            assertThat(first.membersLeft()).isEqualTo(1);
            assertThat(first.contest()).isNull();

            try (Fleet member = Fleet.builder().name(fleet).directory(dir).label("joined").joinShm()) {
                member.events().publish("news", new byte[] {1});
                final FleetSnapshot second = view.snapshot();
                assertThat(second.rings()).extracting(FleetSnapshot.Ring::kind).containsExactly(Tick.KIND, 220, 221);
                assertThat(second.members()).singleElement()
                    .satisfies(m -> assertThat(m.pid()).isEqualTo(ProcessHandle.current().pid()))
                    .satisfies(m -> assertThat(m.status()).isEqualTo(MemberStatus.ALIVE));
                assertThat(second.rings().get(0).writesPerSecond()).hasValue(0.0);
            }

            Fleet.unlink(dir, fleet, false);
            publishTicks(5);
            final FleetSnapshot anew = view.snapshot();
            assertThat(anew.rings()).extracting(FleetSnapshot.Ring::kind).containsExactly(Tick.KIND, 221);
            assertThat(anew.rings().get(0).stats().head()).isEqualTo(5);
            assertThat(anew.membersLeft()).isEqualTo(1);

            Fleet.unlink(dir, fleet, false);
            assertThat(view.snapshot().rings()).isEmpty();
        }
    }

    private void publishTicks(final int count) {
        try (Fleet member = Fleet.builder().name(fleet).directory(dir).joinShm()) {
            for (int i = 0; i < count; i++) {
                member.publish(Tick.class, 1, i, new byte[] {(byte)i});
            }
        }
    }

    @Test
    void shouldShowTheHostsABridgeReportedInTheFleetsSegments() {
        try (Fleet member = Fleet.builder().name(fleet).directory(dir).joinShm()) {
            final dev.orbit.ring.Ring ring = ((dev.orbit.internal.FleetInternals)member).substrateRing(
                dev.orbit.ring.Kinds.BRIDGE, dev.orbit.fleet.HostFrameDescriptor.RING_SPEC, "bridge");
            final long now = System.currentTimeMillis();
            final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(ring.payloadCapacity());
            for (final dev.orbit.fleet.Host host : List.of(
                new dev.orbit.fleet.Host("host-a", member.hostEpoch(), true, dev.orbit.fleet.PeerState.ALIVE, now, 0,
                    List.of(new dev.orbit.fleet.HostMember(0, 11, "web", dev.orbit.fleet.PeerState.ALIVE, now)), 0),
                new dev.orbit.fleet.Host("host-b", 99, false, dev.orbit.fleet.PeerState.ALIVE, now - 60_000, 2,
                    List.of(new dev.orbit.fleet.HostMember(2, 22, "worker", dev.orbit.fleet.PeerState.GONE, now - 70_000)),
                    0))) {
                final int length = dev.orbit.fleet.HostFrameDescriptor.encode(buffer, 0, buffer.capacity(), host);
                ring.publish(dev.orbit.fleet.HostFrameDescriptor.FRAME_KIND, host.lastSeenMs(), buffer, 0, length);
            }
            final FleetDirectory directory = FleetDirectory.open(dir, Processes.currentUid());
            try (FleetView view = FleetView.open(directory, fleet, SystemEpochClock.INSTANCE, 3000)) {
                final FleetSnapshot snapshot = view.snapshot();
                assertThat(snapshot.hosts()).extracting(dev.orbit.fleet.Host::hostId).containsExactly("host-a", "host-b");
                assertThat(snapshot.hosts().get(0).local()).isTrue();
                assertThat(snapshot.hosts().get(1).state()).isEqualTo(dev.orbit.fleet.PeerState.STALE);
                assertThat(snapshot.hosts().get(1).members().get(0).state()).isEqualTo(dev.orbit.fleet.PeerState.GONE);
                final String text = TextScreen.render(snapshot, null);
                assertThat(text).contains("hosts: 1 alive, 1 stale, 0 gone").contains("host-a*").contains("host-b:")
                    .contains("worker");
                assertThat(JsonScreen.render(snapshot)).contains("\"hosts\":[{\"hostId\":\"host-a\"")
                    .contains("\"state\":\"gone\"");
            }
        }
    }
}
