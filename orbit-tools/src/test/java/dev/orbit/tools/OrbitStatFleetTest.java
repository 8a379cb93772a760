package dev.orbit.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orbit.internal.shm.MappedSegment;
import dev.orbit.internal.shm.Processes;
import dev.orbit.testsupport.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * orbit-stat against fleets of real processes: each {@link StatChild} is its own JVM that joined the fleet,
 * published, beat, claimed a subject and now idles on stdin, while its fleet's keeper keeps beating every second.
 * A test that proves the tool wrote nothing freezes the members first (SIGSTOP), so nothing else writes either,
 * and then compares every byte; on a live fleet it checks that every mapping the tool made is read-only.
 */
class OrbitStatFleetTest {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(30);

    private final List<ChildJvm> children = new ArrayList<>();
    private Path dir;
    private String fleet;

    /** A started child and what it said when ready. */
    private record Member(ChildJvm process, long pid, int node, boolean claimed) {
    }

    @BeforeEach
    void setUp() throws IOException {
        dir = FleetFiles.newDirectory();
        fleet = "stat-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (final ChildJvm child : children) {
                child.close();
            }
        }
        finally {
            FleetFiles.delete(dir);
        }
    }

    @Test
    void shouldReportMembersHeadsAndClaimHoldersWithoutChangingAByteOfTheFleet() throws Exception {
        final Member a = join("worker-a", 5, "nightly-report", "sessions");
        final Member b = join("worker-b", 3, "invoices", null);
        a.process.stop();
        b.process.stop();
        final Map<String, FleetFiles.FileState> before = FleetFiles.state(dir);

        final Tool json = Tool.run("stat", "--fleet", fleet, "--dir", dir.toString(), "--once", "--json",
            "--max-age", "1h");
        final Tool text = Tool.run("stat", "--fleet", fleet, "--dir", dir.toString(), "--once", "--max-age", "1h");

        assertThat(json.err()).isEmpty();
        assertThat(json.exitCode()).isEqualTo(OrbitStat.EXIT_OK);
        final Map<String, Object> snapshot = Json.object(json.out());
        assertThat(snapshot).containsEntry("fleet", fleet).containsEntry("directory", dir.toString())
            .containsEntry("uid", (long)Processes.currentUid());

        final List<Map<String, Object>> members = list(snapshot, "members");
        assertThat(members).extracting(m -> m.get("pid")).containsExactlyInAnyOrder(a.pid, b.pid);
        assertThat(members).allSatisfy(m -> assertThat(m).containsEntry("state", "alive"));
        assertThat(memberWithPid(members, a.pid)).containsEntry("nodeId", (long)a.node).containsEntry("label", "worker-a");
        assertThat(memberWithPid(members, b.pid)).containsEntry("nodeId", (long)b.node).containsEntry("label", "worker-b");

        final List<Map<String, Object>> rings = list(snapshot, "rings");
        assertThat(rings).extracting(r -> r.get("kind")).containsExactly(
            (long)Tick.KIND, 200L, 220L, 221L, 222L);
        assertThat(ring(rings, Tick.KIND)).containsEntry("head", 8L).containsEntry("kindName", "user")
            .containsEntry("capacity", (long)Tick.CAPACITY).containsEntry("payloadCapacity", (long)Tick.PAYLOAD)
            .containsEntry("lost", 0L).containsEntry("takeovers", 0L).containsEntry("writesPerSecond", null);
        assertThat(ring(rings, 200)).containsEntry("head", 1L).containsEntry("cache", "sessions");
        assertThat(ring(rings, 220)).containsEntry("head", 2L).containsEntry("kindName", "events");
        assertThat(ring(rings, 221)).containsEntry("kindName", "heartbeat");
        assertThat((Long)ring(rings, 221).get("head")).as("each member's keeper beat at join, and each beat once more")
            .isGreaterThanOrEqualTo(4L);
        assertThat(ring(rings, 222)).containsEntry("head", 2L).containsEntry("kindName", "contest");

        @SuppressWarnings("unchecked")
        final Map<String, Object> contest = (Map<String, Object>)snapshot.get("contest");
        assertThat(contest).containsEntry("fenceCounter", 2L);
        final List<Map<String, Object>> holders = list(contest, "holders");
        assertThat(holders).extracting(h -> h.get("subject"), h -> h.get("nodeId"), h -> h.get("owner"))
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("0/nightly-report", (long)a.node, "worker-a"),
                org.assertj.core.groups.Tuple.tuple("0/invoices", (long)b.node, "worker-b"));
        assertThat(holders).allSatisfy(h -> assertThat((Long)h.get("expiresInMs")).isBetween(1L, 600_000L));

        assertThat(text.exitCode()).isEqualTo(OrbitStat.EXIT_OK);
        assertThat(text.out())
            .contains("fleet=" + fleet, "members: 2 alive, 0 stale, 0 gone, 0 left")
            .containsPattern("\\s" + a.pid + "\\s+alive\\s+\\S+\\s+worker-a")
            .containsPattern("\\s" + b.pid + "\\s+alive\\s+\\S+\\s+worker-b")
            .containsPattern("\\s200\\s+cache\\s+sessions\\s")
            .containsPattern("0/nightly-report\\s+" + a.node + "\\s+worker-a\\s+\\d+\\s+\\d+m\\d+s")
            .doesNotContain("\033[");

        assertThat(FleetFiles.state(dir))
            .as("every file, lock files included: the same names, bytes and modification times")
            .isEqualTo(before);
        assertThat(mappingsOf(dir)).as("mappings the runs left in this JVM (until collected) are read-only")
            .allSatisfy(line -> assertThat(line.split("\\s+")[1]).as(line).doesNotContain("w"));
        a.process.cont();
        b.process.cont();
    }

    @Test
    void shouldAttachEverySegmentReadOnlyAndCreateNoFile() throws Exception {
        join("worker-a", 2, "nightly-report", "sessions");
        final List<String> names = FleetFiles.names(dir);
        final FleetDirectory directory = FleetDirectory.open(dir, Processes.currentUid());

        try (FleetView view = FleetView.open(directory, fleet, SystemEpochClock.INSTANCE, 60_000)) {
            assertThat(view.snapshot().members()).hasSize(1);
            final List<MappedSegment> segments = view.segments();

            assertThat(segments).hasSize(7);
            assertThat(segments).allSatisfy(segment -> {
                assertThat(segment.readOnly()).as("%s", segment).isTrue();
                assertThat(segment.buffer().isReadOnly()).as("%s", segment).isTrue();
            });
            final List<String> mappings = mappingsOf(dir);
            assertThat(mappings).as("this JVM's mappings of the fleet's files").isNotEmpty();
            assertThat(mappings).allSatisfy(line ->
                assertThat(line.split("\\s+")[1]).as(line).doesNotContain("w"));
        }
        assertThat(FleetFiles.names(dir)).as("no lock file or segment created").isEqualTo(names);
    }

    @Test
    void shouldShowWritesPerSecondAcrossSnapshotsOfALiveFleet() throws Exception {
        final Member a = join("worker-a", 4, "-", null);
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final AtomicInteger exitCode = new AtomicInteger(-1);
        final Thread tool = new Thread(() -> {
            try (PrintStream out = new PrintStream(new LineSink(lines), true, StandardCharsets.UTF_8)) {
                exitCode.set(OrbitStat.run(new String[] {"stat", "--fleet", fleet, "--dir", dir.toString(), "--json",
                    "--count", "2", "--interval", "3s", "--max-age", "1h"}, out, System.err));
            }
        }, "orbit-stat");
        tool.start();
        try {
            final Map<String, Object> first = Json.object(poll(lines));
            assertThat(ring(list(first, "rings"), 221)).containsEntry("writesPerSecond", null);
            final long firstHead = (Long)ring(list(first, "rings"), 221).get("head");
            assertThat(firstHead).isPositive();

            a.process.send("beat");
            a.process.awaitLine("beat"::equals, STARTUP);

            final Map<String, Object> second = Json.object(poll(lines));
            assertThat((Long)ring(list(second, "rings"), 221).get("head")).isGreaterThan(firstHead);
            assertThat(((Number)ring(list(second, "rings"), 221).get("writesPerSecond")).doubleValue()).isPositive();
            assertThat(ring(list(second, "rings"), Tick.KIND)).containsEntry("head", 4L).containsEntry("writesPerSecond", 0L);
            assertThat((Long)list(second, "members").get(0).get("lastSeenMs"))
                .isGreaterThan((Long)list(first, "members").get(0).get("lastSeenMs"));
        }
        finally {
            tool.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(exitCode.get()).isEqualTo(OrbitStat.EXIT_OK);

        final Tool text = Tool.run("stat", "--fleet", fleet, "--dir", dir.toString(), "--count", "2",
            "--interval", "50ms");
        assertThat(text.exitCode()).isEqualTo(OrbitStat.EXIT_OK);
        assertThat(text.out().split("orbit-stat  fleet=", -1)).as("two screens").hasSize(3);
        assertThat(text.out()).contains("every 50ms", "\n\norbit-stat  fleet=").doesNotContain("\033[");
    }

    @Test
    void shouldShowAKilledMemberGoneAndRefuseUnlinkUntilEveryMemberExited() throws Exception {
        final Member a = join("worker-a", 1, "nightly-report", null);
        final Member b = join("worker-b", 1, "invoices", null);

        b.process.kill9();
        final Map<String, Object> afterKill = Json.object(
            Tool.run("stat", "--fleet", fleet, "--dir", dir.toString(), "--once", "--json", "--max-age", "1h").out());
        assertThat(memberWithPid(list(afterKill, "members"), b.pid)).containsEntry("state", "gone");
        assertThat(memberWithPid(list(afterKill, "members"), a.pid)).containsEntry("state", "alive");
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> holders = list((Map<String, Object>)afterKill.get("contest"), "holders");
        assertThat(holders).extracting(h -> h.get("subject")).containsExactly("0/nightly-report");
        assertThat(Tool.run("list", "--dir", dir.toString()).out()).containsPattern(fleet + "\\s+1/2\\s+6");

        a.process.stop();
        final Map<String, FleetFiles.FileState> before = FleetFiles.state(dir);
        final Tool refused = Tool.run("unlink", "--fleet", fleet, "--dir", dir.toString());
        assertThat(refused.exitCode()).isEqualTo(OrbitStat.EXIT_LIVE_MEMBERS);
        assertThat(refused.err()).contains("live members", "pid=" + a.pid, "--force").doesNotContain("pid=" + b.pid);
        assertThat(FleetFiles.state(dir)).isEqualTo(before);
        a.process.cont();

        a.process.send("exit");
        assertThat(a.process.awaitExit(EXIT)).isZero();
        final Tool unlinked = Tool.run("unlink", "--fleet", fleet, "--dir", dir.toString());
        assertThat(unlinked.err()).isEmpty();
        assertThat(unlinked.exitCode()).isEqualTo(OrbitStat.EXIT_OK);
        assertThat(unlinked.out()).contains("unlinked fleet=" + fleet, "removed 6 segment files");
        assertThat(FleetFiles.names(dir)).as("segments and lock files removed").isEmpty();
        assertThat(Tool.run("stat", "--fleet", fleet, "--dir", dir.toString(), "--once").exitCode())
            .isEqualTo(OrbitStat.EXIT_ERROR);
    }

    @Test
    void shouldUnlinkLiveMembersFilesWhenForced() throws Exception {
        final Member a = join("worker-a", 1, "-", null);

        final Tool forced = Tool.run("unlink", "--fleet", fleet, "--dir", dir.toString(), "--force");

        assertThat(forced.exitCode()).isEqualTo(OrbitStat.EXIT_OK);
        assertThat(FleetFiles.names(dir)).isEmpty();
        a.process.send("exit");
        assertThat(a.process.awaitExit(EXIT)).isZero();
    }

    private Member join(final String label, final int ticks, final String subject, final String cache)
        throws InterruptedException {
        final List<String> args = new ArrayList<>(List.of(dir.toString(), fleet, label, Integer.toString(ticks), subject));
        if (cache != null) {
            args.add(cache);
        }
        final ChildJvm child = ChildJvm.start(StatChild.class, args.toArray(String[]::new));
        children.add(child);
        final String ready = child.awaitLine(line -> line.startsWith("ready "), STARTUP);
        final Map<String, String> fields = new java.util.HashMap<>();
        for (final String field : ready.substring("ready ".length()).split(" ")) {
            final String[] pair = field.split("=", 2);
            fields.put(pair[0], pair[1]);
        }
        assertThat(Long.parseLong(fields.get("pid"))).isEqualTo(child.pid());
        final boolean claimed = Boolean.parseBoolean(fields.get("claimed"));
        assertThat(claimed).as("claimed %s", subject).isEqualTo(!subject.equals("-"));
        return new Member(child, child.pid(), Integer.parseInt(fields.get("node")), claimed);
    }

    /**
     * @return this JVM's memory mappings of files in {@code dir}, as lines of /proc/self/maps.
     */
    private static List<String> mappingsOf(final Path dir) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
            .filter(line -> line.contains(" " + dir + "/"))
            .collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(final Map<String, Object> json, final String name) {
        return (List<Map<String, Object>>)json.get(name);
    }

    static Map<String, Object> ring(final List<Map<String, Object>> rings, final int kind) {
        return rings.stream().filter(r -> r.get("kind").equals((long)kind)).findFirst()
            .orElseThrow(() -> new AssertionError("no ring of kind " + kind + " in " + rings));
    }

    private static Map<String, Object> memberWithPid(final List<Map<String, Object>> members, final long pid) {
        return members.stream().filter(m -> m.get("pid").equals(pid)).findFirst()
            .orElseThrow(() -> new AssertionError("no member with pid " + pid + " in " + members));
    }

    private static String poll(final LinkedBlockingQueue<String> lines) throws InterruptedException {
        final String line = lines.poll(60, TimeUnit.SECONDS);
        assertThat(line).as("a snapshot within 60 s").isNotNull();
        return line;
    }

    /**
     * Hands every complete line written to it to a queue.
     */
    static final class LineSink extends OutputStream {

        private final LinkedBlockingQueue<String> lines;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LineSink(final LinkedBlockingQueue<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(final int b) {
            if (b == '\n') {
                lines.add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
            else {
                line.write(b);
            }
        }
    }
}
