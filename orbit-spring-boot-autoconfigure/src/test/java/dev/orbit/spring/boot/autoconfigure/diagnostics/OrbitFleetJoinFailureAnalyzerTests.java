package dev.orbit.spring.boot.autoconfigure.diagnostics;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.NodeIdInUseException;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OrbitFleetJoinFailureAnalyzer}.
 */
@SuppressWarnings("try")
class OrbitFleetJoinFailureAnalyzerTests {

    private final OrbitFleetJoinFailureAnalyzer analyzer = new OrbitFleetJoinFailureAnalyzer();

    @TempDir
    Path directory;

    @Test
    void shouldExplainNodeIdHeldByLiveProcessOfSharedFleet() {
        String name = OrbitTestSupport.uniqueFleetName();
        try (Fleet holder = Fleet.builder().name(name).nodeId(3).directory(this.directory).joinShm()) {
            new ApplicationContextRunner().withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
                .withPropertyValues("orbit.fleet.name=" + name, "orbit.fleet.node-id=3", "orbit.shm.enabled=true",
                        "orbit.shm.directory=" + this.directory)
                .run((context) -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("fleet '" + name + "'")
                        .contains("Node id: 3")
                        .contains("shared memory")
                        .contains(String.valueOf(ProcessHandle.current().pid()));
                    assertThat(analysis.getAction())
                        .contains("Node id 3 of fleet '" + name + "' is held by another live process")
                        .contains("orbit.fleet.node-id");
                });
        }
        finally {
            Fleet.unlink(this.directory, name, true);
        }
    }

    @Test
    void shouldNameTheDefaultDirectoryOfASharedFleet() {
        String name = OrbitTestSupport.uniqueFleetName();
        Path defaults = Fleet.defaultDirectory();
        try (Fleet holder = Fleet.builder().name(name).nodeId(4).joinShm()) {
            new ApplicationContextRunner().withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
                .withPropertyValues("orbit.fleet.name=" + name, "orbit.fleet.node-id=4", "orbit.shm.enabled=true")
                .run((context) -> {
                    FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("Directory: " + defaults)
                        .doesNotContain("Directory: default");
                });
        }
        finally {
            Fleet.unlink(defaults, name, true);
        }
    }

    @Test
    void shouldSayAnInProcessFleetHasNoDirectory() {
        FailureAnalysis analysis = this.analyzer.analyze(new OrbitFleetJoinException("orders", null, false, null,
                new IllegalStateException("closed")));
        assertThat(analysis.getDescription()).contains("Directory: none (in-process)");
    }

    @Test
    void shouldExplainFullFleet() {
        FailureAnalysis analysis = this.analyzer.analyze(new OrbitFleetJoinException("orders", null, true, null,
                new NodeIdInUseException("orders", -1, 0, "every membership slot is held by a live process")));
        assertThat(analysis.getAction()).contains("Every membership slot of fleet 'orders'");
    }

    @Test
    void shouldExplainSegmentProblems() {
        FailureAnalysis analysis = this.analyzer.analyze(new OrbitFleetJoinException("orders", null, true, null,
                new IllegalStateException("segment has a different spec: file=/dev/shm/orbit-orders-220-0")));
        assertThat(analysis.getDescription()).contains("automatic").contains("orbit-orders-220-0");
        assertThat(analysis.getAction()).contains("orbit.shm.directory").contains("orbit.shm.enabled=false");
    }

}
