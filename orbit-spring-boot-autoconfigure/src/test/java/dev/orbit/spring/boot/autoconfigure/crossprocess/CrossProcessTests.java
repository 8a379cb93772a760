package dev.orbit.spring.boot.autoconfigure.crossprocess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.util.FileSystemUtils;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three Spring Boot applications in three separate JVMs on one shared-memory fleet: Spring Cache entries,
 * evictions, {@code putIfAbsent}, events, claims and {@code sync = true} loads cross the process boundary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossProcessTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final String fleet = OrbitTestSupport.uniqueFleetName();

    private Path directory;

    private Sibling a;

    private Sibling b;

    private Sibling c;

    @BeforeAll
    void startSiblings() throws Exception {
        this.directory = Files.createTempDirectory("orbit-siblings-");
        this.a = new Sibling("a");
        this.b = new Sibling("b");
        this.c = new Sibling("c");
        String readyA = this.a.await();
        String readyB = this.b.await();
        String readyC = this.c.await();
        assertThat(readyA).startsWith("READY ");
        assertThat(readyB).startsWith("READY ").isNotEqualTo(readyA);
        assertThat(readyC).startsWith("READY ").isNotEqualTo(readyA).isNotEqualTo(readyB);
    }

    @AfterAll
    void stopSiblings() throws Exception {
        try {
            for (Sibling sibling : new Sibling[] { this.a, this.b, this.c }) {
                if (sibling != null) {
                    sibling.stop();
                }
            }
        }
        finally {
            Fleet.unlink(this.directory, this.fleet, true);
            FileSystemUtils.deleteRecursively(this.directory);
        }
    }

    @Test
    void shouldHitInOneProcessWhatTheOtherComputed() throws Exception {
        long computedByA = Long.parseLong(this.a.ask("computations"));
        long computedByB = Long.parseLong(this.b.ask("computations"));
        assertThat(this.a.ask("book 1")).isEqualTo("title-1 " + (computedByA + 1));
        assertThat(this.b.ask("peek 1")).isEqualTo("hit title-1");
        assertThat(this.b.ask("book 1")).as("b's method does not run: a hit").isEqualTo("title-1 " + computedByB);
        assertThat(this.a.ask("book 1")).isEqualTo("title-1 " + (computedByA + 1));
    }

    @Test
    void shouldEvictInBothProcesses() throws Exception {
        assertThat(this.a.ask("book 2")).startsWith("title-2 ");
        assertThat(this.b.ask("peek 2")).isEqualTo("hit title-2");
        assertThat(this.b.ask("evict 2")).isEqualTo("ok");
        assertThat(this.a.ask("peek 2")).isEqualTo("miss");
        assertThat(this.b.ask("peek 2")).isEqualTo("miss");
    }

    @Test
    void shouldDeliverEventToListenerInOtherProcess() throws Exception {
        assertThat(this.a.ask("publish greetings hello-from-a")).isNotEqualTo("0");
        Await.until(TIMEOUT, () -> this.b.askUnchecked("received").contains("hello-from-a"),
                "b's listener to receive a's event");
        assertThat(this.a.ask("received")).contains("hello-from-a");
    }

    @Test
    void shouldRunClaimedMethodInOneProcessAtATime() throws Exception {
        Path marker = this.directory.resolve("inside");
        this.a.send("exclusive " + marker + " 1500");
        this.b.send("exclusive " + marker + " 1500");
        long[] resultA = numbers(this.a.await());
        long[] resultB = numbers(this.b.await());
        assertThat(resultA[2]).as("a saw b inside (violations)").isZero();
        assertThat(resultB[2]).as("b saw a inside (violations)").isZero();
        assertThat(resultA[0] + resultB[0]).as("runs").isPositive();
        assertThat(resultA[1] + resultB[1]).as("skips: the two processes did contend").isPositive();
    }

    @Test
    void shouldRunASchedulerLockJobOnceAcrossProcessesWithinLockAtLeastFor() throws Exception {
        assertThat(this.a.ask("nightly")).as("a's run count").isEqualTo("1");
        assertThat(this.b.ask("nightly")).as("b skipped: a keeps the lock for lockAtLeastFor").isEqualTo("0");
        assertThat(this.c.ask("nightly")).as("c skipped too").isEqualTo("0");
        assertThat(this.a.ask("nightly")).as("a skipped as well: the lock is held, not re-entered").isEqualTo("1");
    }

    @Test
    void shouldExcludeSpringIntegrationLocksAcrossProcesses() throws Exception {
        assertThat(this.a.ask("lock orders")).isEqualTo("locked");
        assertThat(this.b.ask("lock orders")).isEqualTo("busy");
        assertThat(this.a.ask("unlock orders")).isEqualTo("unlocked");
        assertThat(this.b.ask("lock orders")).isEqualTo("locked");
        assertThat(this.c.ask("lock orders")).isEqualTo("busy");
        assertThat(this.b.ask("unlock orders")).isEqualTo("unlocked");
    }

    @Test
    void shouldElectOneLeaderAcrossProcessesAndHandOverWhenItSteppedDown() throws Exception {
        assertThat(this.a.ask("lead reports")).isEqualTo("started");
        Await.until(TIMEOUT, () -> this.a.askUnchecked("leader reports").equals("true"), "a to lead");
        assertThat(this.b.ask("lead reports")).isEqualTo("started");
        assertThat(this.c.ask("lead reports")).isEqualTo("started");
        assertThat(this.b.ask("leader reports")).isEqualTo("false");
        assertThat(this.c.ask("leader reports")).isEqualTo("false");
        assertThat(this.a.ask("abdicate reports")).isEqualTo("stopped");
        Await.until(TIMEOUT, () -> this.b.askUnchecked("leader reports").equals("true")
                || this.c.askUnchecked("leader reports").equals("true"), "b or c to lead");
        assertThat(this.b.ask("leader reports").equals("true") && this.c.ask("leader reports").equals("true"))
            .as("never two leaders").isFalse();
        this.b.ask("abdicate reports");
        this.c.ask("abdicate reports");
    }

    @Test
    void shouldLoadSyncValueOnceAcrossProcesses() throws Exception {
        this.a.send("slow 7");
        this.b.send("slow 7");
        String answerA = this.a.await();
        String answerB = this.b.await();
        assertThat(answerA).startsWith("slow-7 ");
        assertThat(answerB).startsWith("slow-7 ");
        assertThat(numbers(answerA)[1] + numbers(answerB)[1]).as("loads across both processes").isEqualTo(1);
    }

    @Test
    void shouldLetExactlyOneThreadOfOneProcessPutEachKeyIfAbsent() throws Exception {
        int threads = 4;
        int keys = 150;
        Path go = this.directory.resolve("go-race");
        List<Sibling> siblings = List.of(this.a, this.b, this.c);
        for (Sibling sibling : siblings) {
            assertThat(sibling.ask("race " + go + " " + threads + " race- " + keys)).isEqualTo("armed");
        }
        Files.createFile(go);
        Map<String, List<String>> winners = new HashMap<>();
        Map<String, Set<String>> found = new HashMap<>();
        Map<String, Integer> foundCount = new HashMap<>();
        for (Sibling sibling : siblings) {
            for (String entry : sibling.await().split(";")) {
                String[] fields = entry.split("\\|", -1);
                String key = fields[0];
                if (!fields[1].isEmpty()) {
                    winners.computeIfAbsent(key, (k) -> new ArrayList<>()).addAll(List.of(fields[1].split(",")));
                }
                if (!fields[2].isEmpty()) {
                    found.computeIfAbsent(key, (k) -> new HashSet<>()).addAll(List.of(fields[2].split(",")));
                }
                foundCount.merge(key, Integer.parseInt(fields[3]), Integer::sum);
            }
        }
        assertThat(winners).hasSize(keys);
        for (Map.Entry<String, List<String>> entry : winners.entrySet()) {
            String key = entry.getKey();
            assertThat(entry.getValue()).as("threads of any process that stored %s", key).hasSize(1);
            assertThat(found.get(key)).as("what every other thread of every process found for %s", key)
                .containsExactly(entry.getValue().get(0));
            assertThat(foundCount.get(key)).isEqualTo(threads * siblings.size() - 1);
        }
    }

    @Test
    void shouldLoadAsynchronousSyncValueOnceAcrossProcesses() throws Exception {
        List<Sibling> siblings = List.of(this.a, this.b, this.c);
        for (Sibling sibling : siblings) {
            sibling.send("aslow 9");
        }
        long loads = 0;
        for (Sibling sibling : siblings) {
            String answer = sibling.await();
            assertThat(answer).startsWith("aslow-9 ");
            loads += numbers(answer)[1];
        }
        assertThat(loads).as("loads across the three processes").isEqualTo(1);
    }

    private static long[] numbers(String answer) {
        String[] parts = answer.split(" ");
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = parts[i].matches("-?\\d+") ? Long.parseLong(parts[i]) : -1;
        }
        return numbers;
    }

    /**
     * A sibling application in its own JVM: commands on its stdin, answers on its stdout, its log in a file.
     */
    private final class Sibling {

        private final ChildJvm child;

        private final Path log;

        Sibling(String name) {
            this.log = CrossProcessTests.this.directory.resolve(name + ".log");
            this.child = ChildJvm.of(SiblingApp.class)
                .name("sibling-" + name)
                .jvmArgs("-Xmx256m")
                .stderrTo(this.log)
                .args("--orbit.fleet.name=" + CrossProcessTests.this.fleet, "--orbit.shm.enabled=true",
                        "--orbit.shm.directory=" + CrossProcessTests.this.directory,
                        "--orbit.fleet.label=sibling-" + name, "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN", "--spring.jmx.enabled=false")
                .start();
        }

        void send(String command) {
            this.child.send(command);
        }

        String await() throws IOException {
            String answer;
            try {
                answer = this.child.awaitLine(SiblingApp.ANSWER, TIMEOUT).substring(SiblingApp.ANSWER.length());
            }
            catch (AssertionError ex) {
                throw new AssertionError(ex.getMessage() + "\nits log:\n" + Files.readString(this.log), ex);
            }
            if (answer.startsWith("ERROR")) {
                throw new AssertionError(this.child.name() + " failed: " + answer);
            }
            return answer;
        }

        String ask(String command) throws IOException {
            send(command);
            return await();
        }

        String askUnchecked(String command) {
            try {
                return ask(command);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        void stop() {
            if (this.child.isAlive()) {
                this.child.send("exit");
                try {
                    this.child.awaitExit(Duration.ofSeconds(10));
                }
                catch (AssertionError ex) {
                    // closed below
                }
            }
            this.child.close();
        }

    }

}
