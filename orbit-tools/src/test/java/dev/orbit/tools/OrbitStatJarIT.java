package dev.orbit.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orbit.testsupport.ChildJvm;

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
    private ChildJvm member;

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
        member = ChildJvm.start(StatChild.class, dir.toString(), fleet, "worker-a", "3", "nightly-report");
        member.awaitLine(line -> line.startsWith("ready "), TIMEOUT);
        // Freeze the member: its fleet's keeper rewrites its membership slot every second while it runs.
        member.stop();
        final Map<String, FleetFiles.FileState> before = FleetFiles.state(dir);

        final ChildJvm.Outcome json = orbitStat("stat", "--fleet", fleet, "--dir", dir.toString(), "--once", "--json");
        final ChildJvm.Outcome text = orbitStat("stat", "--fleet", fleet, "--dir", dir.toString(), "--once");
        final ChildJvm.Outcome list = orbitStat("list", "--dir", dir.toString(), "--json");
        final ChildJvm.Outcome refused = orbitStat("unlink", "--fleet", fleet, "--dir", dir.toString());

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

        member.cont();
        member.send("exit");
        assertThat(member.awaitExit(TIMEOUT)).isZero();
        final ChildJvm.Outcome unlinked = orbitStat("unlink", "--fleet", fleet, "--dir", dir.toString());
        assertThat(unlinked.exitCode()).isZero();
        assertThat(FleetFiles.names(dir)).isEmpty();

        final ChildJvm.Outcome usage = orbitStat("stat");
        assertThat(usage.exitCode()).isEqualTo(OrbitStat.EXIT_USAGE);
        assertThat(usage.err()).contains("stat needs --fleet NAME", "usage: orbit-stat");
    }

    @Test
    void shouldPrintItsVersionAndACommandsUsageFromTheExecutableJar() throws Exception {
        final ChildJvm.Outcome version = orbitStat("--version");
        final ChildJvm.Outcome help = orbitStat("help", "unlink");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("orbit-stat ").doesNotContain("unknown");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("usage: orbit-stat unlink").contains("--fleet NAME", "--force");
    }

    private static ChildJvm.Outcome orbitStat(final String... args) {
        final String jar = System.getProperty("orbit.tools.jar");
        if (jar != null) {
            assertThat(Path.of(jar)).as("the shaded jar the package phase builds").isRegularFile();
        }
        return (jar != null ? ChildJvm.ofJar(Path.of(jar)) : ChildJvm.of(OrbitStat.class)).args(args).run(TIMEOUT);
    }
}
