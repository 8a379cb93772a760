package dev.orbit.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.orbit.cache.CacheFrameDescriptor;
import dev.orbit.contest.Subject;
import dev.orbit.event.EventFrameDescriptor;
import dev.orbit.fixtures.TestFleets;
import dev.orbit.ring.Frame;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.Ring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet that runs no bridge between hosts keeps its files and frame formats: no bridge ring appears, cache
 * frames are as before, members keep their layout (the host epoch sits in the header's spare room). The one
 * intended change: event frames carry the versioned header block (frame kind 2, 16-byte fixed header).
 */
class UnbridgedFleetFormatTest {

    private final String name = TestFleets.uniqueName("unbridged");

    @AfterEach
    void cleanUp() {
        TestFleets.unlink(name);
    }

    @Test
    void shouldKeepFilesAndFormatsWhenNoBridgeRuns() throws Exception {
        try (Fleet fleet = Fleet.builder().name(name).joinShm()) {
            fleet.heartbeats().beat();
            fleet.cache("quotes").put("k".getBytes(UTF_8), "v".getBytes(UTF_8), Duration.ofMinutes(1));
            final long id = fleet.events().publish("orders", "paid".getBytes(UTF_8));
            fleet.contest().tryClaim(Subject.of("job"), "me", Duration.ofSeconds(5));
            assertThat(fleet.hosts(Duration.ofSeconds(5))).isEmpty();

            final String uid = "-" + dev.orbit.internal.shm.Processes.currentUid();
            assertThat(files()).as("segments, and the member's wake-up socket").containsExactlyInAnyOrder(
                "orbit-" + name + "-members" + uid, "orbit-" + name + "-claims" + uid, "orbit-" + name + "-220" + uid,
                "orbit-" + name + "-221" + uid, "orbit-" + name + "-222" + uid, "orbit-" + name + "-cache-quotes" + uid,
                "orbit-" + name + "-wake-" + fleet.nodeId() + uid + ".sock");
            assertThat(Kinds.BRIDGE).isEqualTo(223);

            final Frame event = fleet.read(id).orElseThrow();
            assertThat(event.frameKind()).isEqualTo(EventFrameDescriptor.FRAME_KIND);
            final ByteBuffer payload = ByteBuffer.wrap(event.payload()).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(payload.getShort(0)).isEqualTo((short)6);
            assertThat(payload.getShort(2)).isEqualTo((short)4);
            assertThat(payload.getShort(12)).as("no header entries").isZero();
            assertThat(payload.get(14)).as("no flags").isZero();
            assertThat(new String(event.payload(), 16, 6, UTF_8)).isEqualTo("orders");
            assertThat(event.payload()).hasSize(16 + 6 + 4);

            final Ring cacheRing = fleet.rings().stream().filter(r -> r.kind() == Kinds.CACHE).findFirst().orElseThrow();
            final Frame put = cacheRing.readHead().orElseThrow();
            assertThat(put.frameKind()).isEqualTo(CacheFrameDescriptor.PUT);
            final long expiresAt = ByteBuffer.wrap(put.payload()).order(ByteOrder.LITTLE_ENDIAN)
                .getLong(CacheFrameDescriptor.EXPIRES_AT_OFFSET);
            assertThat(put.version()).as("a cache frame's version is its expiry, as before").isEqualTo(expiresAt);
            assertThat(put.payload()).hasSize(13 + 1 + 1);
        }
        final ByteBuffer members = ByteBuffer.wrap(Files.readAllBytes(
            TestFleets.directory().resolve("orbit-" + name + "-members-" + dev.orbit.internal.shm.Processes.currentUid()))).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(members.getInt(MembersDescriptor.SLOT_COUNT_OFFSET)).isEqualTo(256);
        assertThat(members.getInt(MembersDescriptor.SLOT_LENGTH_OFFSET)).isEqualTo(128);
        assertThat(members.getLong(MembersDescriptor.HEARTBEAT_INTERVAL_OFFSET)).isEqualTo(1000);
        assertThat(MembersDescriptor.HEADER_LENGTH).isEqualTo(128);
    }

    private List<String> files() throws Exception {
        try (Stream<Path> list = Files.list(TestFleets.directory())) {
            return list.map(p -> p.getFileName().toString())
                .filter(f -> f.startsWith("orbit-" + name + "-") && !f.endsWith(".lock"))
                .collect(Collectors.toList());
        }
    }
}
