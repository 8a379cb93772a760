package dev.orbit.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.orbit.ring.Frame;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.StartPosition;
import dev.orbit.shm.SegmentException;
import dev.orbit.testsupport.ChildJvm;
import dev.orbit.fixtures.FleetProcesses;
import dev.orbit.fixtures.FleetChild;
import dev.orbit.fixtures.ProbeFrames;
import dev.orbit.fixtures.TestFleets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rings and membership across real JVM processes.
 */
class CrossProcessRingTest {

    private final FleetProcesses processes = new FleetProcesses("xproc", FleetChild.class);
    private final String name = processes.name();

    @AfterEach
    void cleanUp() {
        processes.close();
    }

    private ChildJvm child(final String mode, final String... args) {
        return processes.start(mode, args);
    }

    private Fleet join() {
        return Fleet.builder().name(name).directory(TestFleets.directory()).joinShm();
    }

    private static Map<String, Long> parse(final String result) {
        final Map<String, Long> values = new HashMap<>();
        for (final String pair : result.split(" ")) {
            final String[] kv = pair.split("=");
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        return values;
    }

    @ParameterizedTest(name = "truncated to {0} bytes")
    @ValueSource(longs = {0, 8192})
    void shouldReportARingFileTruncatedUnderALiveMemberAsASegmentExceptionNamingTheFile(final long size) {
        final ChildJvm child = child("truncate", Long.toString(size));
        final String file = "orbit-" + name + "-11-";
        // Accesses before the ring is marked may get the JVM's fault late, in the caller (counted, not asserted).
        assertThat(Long.parseLong(child.awaitValue("late"))).isNotNegative();
        for (final String operation : new String[] {"publish", "poll", "read"}) {
            final String outcome = child.awaitValue(operation);
            assertThat(outcome).as(operation)
                .startsWith(SegmentException.class.getName())
                .contains(file, "size=" + size, "expected length=", "truncated")
                .doesNotContain("InternalError");
        }
        assertThat(child.awaitExit(Duration.ofSeconds(60))).isZero();
    }

    @Test
    void shouldReportAClaimsFileTruncatedUnderALiveMemberAsASegmentExceptionNamingTheFile() {
        final ChildJvm child = child("truncate-claims", "8192");
        assertThat(Long.parseLong(child.awaitValue("late"))).isNotNegative();
        for (final String operation : new String[] {"claim", "holder", "fence", "renew"}) {
            assertThat(child.awaitValue(operation)).as(operation)
                .startsWith(SegmentException.class.getName())
                .contains("orbit-" + name + "-claims-", "size=8192", "expected length=", "truncated")
                .doesNotContain("InternalError");
        }
        assertThat(child.awaitExit(Duration.ofSeconds(60))).isZero();
    }

    @Test
    void shouldReadInChildWhatParentWrote() {
        try (Fleet fleet = join()) {
            final ByteBuffer payload = ByteBuffer.allocateDirect(ProbeFrames.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 100; i++) {
                ProbeFrames.fill(payload, ((long)fleet.nodeId() << 32) | i);
                assertThat(fleet.publish(ProbeFrames.class, 0, i, payload, 0, ProbeFrames.LENGTH)).isNotEqualTo(NetId64.NULL);
            }
            final ChildJvm reader = child("read-all", "100");
            final Map<String, Long> result = parse(reader.awaitValue("result"));

            assertThat(result).containsEntry("delivered", 100L).containsEntry("invalid", 0L)
                .containsEntry("overwritten", 0L).containsEntry("unavailable", 0L);
            assertThat(reader.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void shouldReadInParentWhatChildWrote() {
        final ChildJvm writer = child("write", "500");
        assertThat(writer.awaitValue("lost")).isEqualTo("0");
        assertThat(writer.awaitExit(Duration.ofSeconds(30))).isZero();

        try (Fleet fleet = join()) {
            final RingCursor cursor = fleet.cursor(ProbeFrames.class, StartPosition.EARLIEST);
            final List<Frame> frames = cursor.poll(10_000).frames();

            assertThat(fleet.head(ProbeFrames.class)).isEqualTo(500);
            assertThat(frames).hasSize(500);
            assertThat(cursor.loss()).isEqualTo(dev.orbit.ring.Loss.NONE);
            for (final Frame frame : frames) {
                assertThat(ProbeFrames.valid(ByteBuffer.wrap(frame.payload()).order(ByteOrder.LITTLE_ENDIAN), 0,
                    frame.payload().length)).isTrue();
            }
            assertThat(fleet.readHead(ProbeFrames.class).orElseThrow().version()).isEqualTo(499L);
        }
    }

    @Test
    void shouldAcceptNoInvalidFrameFromFourWriterProcesses() {
        final int perWriter = 100_000;
        final long total = 4L * perWriter;
        final ChildJvm reader = child("read-all", Long.toString(total));
        reader.awaitValue("ready");
        final List<ChildJvm> writers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            writers.add(child("write", Integer.toString(perWriter)));
        }
        long lostByWriters = 0;
        for (final ChildJvm writer : writers) {
            lostByWriters += Long.parseLong(writer.awaitValue("lost"));
            assertThat(writer.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        final Map<String, Long> result = parse(reader.awaitValue("result"));

        assertThat(result.get("invalid")).isZero();
        assertThat(result.get("head")).isEqualTo(total);
        assertThat(result.get("delivered") + result.get("overwritten") + result.get("unavailable")).isEqualTo(total);
        assertThat(result.get("lost") + result.get("busy")).isEqualTo(lostByWriters);
        assertThat(result.get("delivered")).isPositive();
    }

    @Test
    void shouldNeverAcceptFrameOfWriterKilledMidWriteAndReuseItsSlot() {
        try (Fleet fleet = join()) {
            final Ring ring = fleet.ring(ProbeFrames.class);
            final RingCursor cursor = ring.cursor(StartPosition.EARLIEST);
            final ChildJvm dying = child("hold-mid-write");
            final int dyingNode = Integer.parseInt(dying.awaitValue("mid-write"));
            dying.kill9();
            assertThat(fleet.isGone(dyingNode)).isTrue();

            assertThat(ring.readAt(0)).isEmpty();
            final ByteBuffer payload = ByteBuffer.allocateDirect(ProbeFrames.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < ring.capacity(); i++) {
                ProbeFrames.fill(payload, ((long)fleet.nodeId() << 32) | i);
                assertThat(ring.publish(0, i, payload, 0, ProbeFrames.LENGTH)).isNotEqualTo(NetId64.NULL);
            }

            assertThat(ring.stats().takeovers()).isEqualTo(1);
            assertThat(ring.readAt(ring.capacity())).isPresent();
            final int delivered = cursor.poll(10_000).frames().size();
            assertThat(delivered).isEqualTo(ring.capacity());
            assertThat(cursor.loss().total()).isEqualTo(1);
            assertThat(cursor.pendingCount()).isZero();
            assertThat(cursor.position()).isEqualTo(ring.head());
        }
    }

    @Test
    void shouldAttachSameSegmentsWhenTwoProcessesJoinAtOnce() {
        final ChildJvm a = child("meet");
        final ChildJvm b = child("meet");
        final int nodeA = Integer.parseInt(a.awaitValue("node"));
        final int nodeB = Integer.parseInt(b.awaitValue("node"));

        assertThat(nodeA).isNotEqualTo(nodeB);
        assertThat(Integer.parseInt(a.awaitValue("met"))).isEqualTo(nodeB);
        assertThat(Integer.parseInt(b.awaitValue("met"))).isEqualTo(nodeA);
        assertThat(a.awaitExit(Duration.ofSeconds(30))).isZero();
        assertThat(b.awaitExit(Duration.ofSeconds(30))).isZero();
    }

    @Test
    void shouldReclaimNodeIdOfKilledProcessAndRefuseOneHeldByALiveProcess() {
        final ChildJvm first = child("join");
        final int node = Integer.parseInt(first.awaitValue("node"));
        assertThatThrownBy(() -> Fleet.builder().name(name).directory(TestFleets.directory()).nodeId(node).joinShm())
            .isInstanceOf(NodeIdInUseException.class)
            .hasMessageContaining("nodeId=" + node)
            .hasMessageContaining("pid=" + first.pid());

        first.kill9();
        final ChildJvm second = child("join", Integer.toString(node));
        assertThat(Integer.parseInt(second.awaitValue("node"))).isEqualTo(node);
        second.send("exit");
        assertThat(Integer.parseInt(second.awaitValue("closed"))).isEqualTo(node);
        assertThat(second.awaitExit(Duration.ofSeconds(30))).isZero();

        try (Fleet fleet = join()) {
            assertThat(fleet.nodeId()).isEqualTo(node);
            assertThat(fleet.members()).filteredOn(m -> m.nodeId() == node).singleElement()
                .satisfies(m -> assertThat(m.incarnation()).isEqualTo(3));
        }
    }
}
