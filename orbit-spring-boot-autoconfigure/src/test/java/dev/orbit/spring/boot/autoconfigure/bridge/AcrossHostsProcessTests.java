package dev.orbit.spring.boot.autoconfigure.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.orbit.fleet.Fleet;
import dev.orbit.redis.TestRedis;
import dev.orbit.testsupport.Await;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hosts of two Spring Boot JVMs each (a host is its own fleet directory and host id), one real Redis, the
 * bridge on from properties only: a quote computed once across hosts, an event delivered in all four processes, and
 * the claimed job running in one JVM and moving to the other host after {@code kill -9}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcrossHostsProcessTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private final String fleet = OrbitTestSupport.uniqueFleetName();

    private TestRedis redis;

    private Path directory;

    private final List<Member> members = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        this.redis = TestRedis.start();
        this.directory = Files.createTempDirectory("orbit-hosts-");
        for (String label : List.of("a1", "a2", "b1", "b2")) {
            this.members.add(new Member(label));
        }
        for (Member member : this.members) {
            assertThat(member.await()).startsWith("READY host-" + member.label.charAt(0) + " ");
        }
        Await.until(TIMEOUT, () -> this.members.stream()
            .allMatch((m) -> m.askUnchecked("hosts").equals("host-a=2,host-b=2")), "every process sees both hosts "
                    + "with two members each");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            for (Member member : this.members) {
                member.stop();
            }
        }
        finally {
            for (String host : List.of("a", "b")) {
                Fleet.unlink(this.directory.resolve(host), this.fleet, true);
            }
            FileSystemUtils.deleteRecursively(this.directory);
            this.redis.close();
        }
    }

    @Test
    @Order(1)
    void quoteIsComputedOnceAcrossHosts() throws Exception {
        for (Member member : this.members) {
            member.send("quote EURUSD");
        }
        Set<String> values = new TreeSet<>();
        long computations = 0;
        for (Member member : this.members) {
            String[] answer = member.await().split(" ");
            values.add(answer[0]);
            computations += Long.parseLong(answer[1]);
        }
        assertThat(values).as("every process got the one computed value").hasSize(1);
        assertThat(computations).as("computations across four processes on two hosts").isEqualTo(1);
    }

    @Test
    @Order(2)
    void eventReachesAllFourProcesses() throws Exception {
        assertThat(this.members.get(0).ask("publish news hello-from-a1")).isNotEqualTo("0");
        for (Member member : this.members) {
            Await.until(TIMEOUT, () -> member.askUnchecked("received").equals("hello-from-a1"),
                    member.label + " received the event exactly once");
        }
    }

    @Test
    @Order(3) // kills processes: last
    void claimedJobRunsInOneProcessAndMovesAcrossHostsAfterKill() throws Exception {
        Path markers = Files.createDirectories(this.directory.resolve("leader"));
        for (Member member : this.members) {
            assertThat(member.ask("lead " + markers)).isEqualTo("started");
        }
        // Every process tried several times; exactly one ever entered.
        Await.until(TIMEOUT, () -> this.members.stream()
            .filter((m) -> entered(markers).contains(m.label))
            .count() == 1 && this.members.stream()
                .filter((m) -> !entered(markers).contains(m.label))
                .allMatch((m) -> Long.parseLong(m.askUnchecked("skips")) >= 5), "one leader, three skipping");
        assertThat(entered(markers)).hasSize(1);
        Member leader = member(entered(markers).iterator().next());
        char leaderHost = leader.label.charAt(0);
        // Kill leaders until the job runs on the other host: at most the leader and its host sibling.
        Set<String> dead = new TreeSet<>();
        while (true) {
            leader.kill();
            dead.add(leader.label);
            Await.until(TIMEOUT, () -> entered(markers).size() == dead.size() + 1,
                    "a new leader after kill -9 of " + dead);
            Set<String> live = new TreeSet<>(entered(markers));
            live.removeAll(dead);
            assertThat(live).as("one new leader").hasSize(1);
            leader = member(live.iterator().next());
            if (leader.label.charAt(0) != leaderHost) {
                break;
            }
            assertThat(dead).as("the job moved to the other host").hasSizeLessThan(2);
        }
        assertThat(leader.label.charAt(0)).isNotEqualTo(leaderHost);
    }

    private Member member(String label) {
        return this.members.stream().filter((m) -> m.label.equals(label)).findFirst().orElseThrow();
    }

    private static Set<String> entered(Path markers) {
        try (Stream<Path> files = Files.list(markers)) {
            return new TreeSet<>(files.map((f) -> f.getFileName().toString())
                .filter((n) -> n.startsWith("entered-"))
                .map((n) -> n.substring("entered-".length()))
                .toList());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private final class Member {

        private final String label;

        private final Process process;

        private final Writer stdin;

        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

        private final Path log;

        Member(String label) throws IOException {
            this.label = label;
            String host = label.substring(0, 1);
            Path hostDirectory = Files.createDirectories(AcrossHostsProcessTests.this.directory.resolve(host));
            this.log = AcrossHostsProcessTests.this.directory.resolve(label + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    HostApp.class.getName(), "--orbit.fleet.name=" + AcrossHostsProcessTests.this.fleet,
                    "--orbit.shm.enabled=true", "--orbit.shm.directory=" + hostDirectory,
                    "--orbit.fleet.label=" + label, "--orbit.bridge.redis.enabled=true",
                    "--orbit.bridge.host-id=host-" + host, "--orbit.bridge.membership-interval=200ms",
                    "--spring.data.redis.host=" + AcrossHostsProcessTests.this.redis.host(),
                    "--spring.data.redis.port=" + AcrossHostsProcessTests.this.redis.port(),
                    "--spring.main.banner-mode=off", "--logging.level.root=WARN", "--spring.jmx.enabled=false",
                    "--management.health.redis.enabled=false"));
            this.process = new ProcessBuilder(command).redirectError(this.log.toFile()).start();
            this.stdin = new OutputStreamWriter(this.process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::readAnswers, "member-" + label + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        private void readAnswers() {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(HostApp.ANSWER)) {
                        this.answers.add(line.substring(HostApp.ANSWER.length()));
                    }
                }
            }
            catch (IOException ex) {
                // the process ended
            }
        }

        void send(String command) throws IOException {
            this.stdin.write(command + "\n");
            this.stdin.flush();
        }

        String await() throws Exception {
            String answer = this.answers.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer == null) {
                throw new AssertionError("member " + this.label + " did not answer within " + TIMEOUT + " (alive="
                        + this.process.isAlive() + "); its log:\n" + Files.readString(this.log));
            }
            if (answer.startsWith("ERROR")) {
                throw new AssertionError("member " + this.label + " failed: " + answer);
            }
            return answer;
        }

        String ask(String command) throws Exception {
            send(command);
            return await();
        }

        String askUnchecked(String command) {
            try {
                return ask(command);
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }

        void kill() throws InterruptedException {
            this.process.destroyForcibly();
            assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        void stop() throws Exception {
            try {
                if (this.process.isAlive()) {
                    send("exit");
                    this.process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            catch (IOException ex) {
                // already gone
            }
            finally {
                this.process.destroyForcibly();
                this.process.waitFor(10, TimeUnit.SECONDS);
            }
        }

    }

}
