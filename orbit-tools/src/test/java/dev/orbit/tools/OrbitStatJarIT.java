package dev.orbit.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * orbit-stat as operators run it: {@code java -jar target/orbit-tools.jar ...} in its own JVM, against a fleet
 * member in another. Runs in the integration-test phase, after the package phase built the shaded jar; where
 * failsafe did not name the jar (the test run on its own from an IDE) it runs the main class on the test class
 * path instead.
 */
class OrbitStatJarIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path dir;
    private String fleet;
    private ChildProcess member;

    @BeforeEach
    void setUp() throws Exception {
        dir = FleetFiles.newDirectory();
        fleet = "jar-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (member != null) {
                member.close();
            }
        }
        finally {
            FleetFiles.delete(dir);
        }
    }

    @Test
    void shouldShowListAndUnlinkAFleetFromTheExecutableJar() throws Exception {
        member = ChildProcess.start(StatChild.class, dir.toString(), fleet, "worker-a", "3", "nightly-report");
        member.awaitLine(line -> line.startsWith("ready "), TIMEOUT);
        // Freeze the member: its fleet's keeper rewrites its membership slot every second while it runs.
        member.freeze();
        final Map<String, FleetFiles.FileState> before = FleetFiles.state(dir);

        final ChildProcess.Outcome json = orbitStat("stat", "--fleet", fleet, "--dir", dir.toString(), "--once", "--json");
        final ChildProcess.Outcome text = orbitStat("stat", "--fleet", fleet, "--dir", dir.toString(), "--once");
        final ChildProcess.Outcome list = orbitStat("list", "--dir", dir.toString(), "--json");
        final ChildProcess.Outcome refused = orbitStat("unlink", "--fleet", fleet, "--dir", dir.toString());

        assertThat(json.err()).isEmpty();
        assertThat(json.exitCode()).isZero();
        final Map<String, Object> snapshot = Json.object(json.out().strip());
        assertThat(OrbitStatFleetTest.list(snapshot, "members")).singleElement()
            .satisfies(m -> assertThat(m).containsEntry("pid", member.pid()).containsEntry("label", "worker-a"));
        assertThat(OrbitStatFleetTest.ring(OrbitStatFleetTest.list(snapshot, "rings"), Tick.KIND)).containsEntry("head", 3L);
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("fleet=" + fleet, "0/nightly-report", "worker-a");
        assertThat(OrbitStatFleetTest.list(Json.object(list.out().strip()), "fleets")).singleElement()
            .satisfies(f -> assertThat(f).containsEntry("fleet", fleet).containsEntry("live", 1L).containsEntry("total", 1L));
        assertThat(refused.exitCode()).isEqualTo(OrbitStat.EXIT_LIVE_MEMBERS);
        assertThat(refused.err()).contains("live members", "pid=" + member.pid());
        assertThat(FleetFiles.state(dir)).isEqualTo(before);

        member.thaw();
        member.send("exit");
        assertThat(member.awaitExit(TIMEOUT)).isZero();
        final ChildProcess.Outcome unlinked = orbitStat("unlink", "--fleet", fleet, "--dir", dir.toString());
        assertThat(unlinked.exitCode()).isZero();
        assertThat(FleetFiles.names(dir)).isEmpty();

        final ChildProcess.Outcome usage = orbitStat("stat");
        assertThat(usage.exitCode()).isEqualTo(OrbitStat.EXIT_USAGE);
        assertThat(usage.err()).contains("stat needs --fleet NAME", "usage: orbit-stat");
    }

    private static ChildProcess.Outcome orbitStat(final String... args) throws Exception {
        final List<String> command = ChildProcess.javaCommand();
        final String jar = System.getProperty("orbit.tools.jar");
        if (jar != null) {
            assertThat(Path.of(jar)).as("the shaded jar the package phase builds").isRegularFile();
            command.add("-jar");
            command.add(jar);
        }
        else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(OrbitStat.class.getName());
        }
        command.addAll(new ArrayList<>(List.of(args)));
        return ChildProcess.run(command, TIMEOUT);
    }
}
