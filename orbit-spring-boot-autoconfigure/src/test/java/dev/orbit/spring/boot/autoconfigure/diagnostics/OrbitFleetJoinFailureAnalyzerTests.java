package dev.orbit.spring.boot.autoconfigure.diagnostics;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OrbitFleetJoinFailureAnalyzer}.
 */
class OrbitFleetJoinFailureAnalyzerTests {

    private final OrbitFleetJoinFailureAnalyzer analyzer = new OrbitFleetJoinFailureAnalyzer();

    @Test
    void shouldExplainNodeIdHeldByLiveProcess() {
        IllegalStateException core = new IllegalStateException(
                "node id held by a live member: fleet=orders, nodeId=3, pid=4242");
        FailureAnalysis analysis = this.analyzer.analyze(new RuntimeException("context failed",
                new OrbitFleetJoinException("orders", 3, true, Path.of("/dev/shm"), core)));
        assertThat(analysis.getDescription()).contains("fleet 'orders'")
            .contains("Node id: 3")
            .contains("shared memory")
            .contains("pid=4242");
        assertThat(analysis.getAction()).contains("Node id 3 of fleet 'orders' is held by another live process")
            .contains("orbit.fleet.node-id");
    }

    @Test
    void shouldExplainSegmentProblems() {
        FailureAnalysis analysis = this.analyzer.analyze(new OrbitFleetJoinException("orders", null, true, null,
                new IllegalStateException("segment has a different spec: file=/dev/shm/orbit-orders-220-0")));
        assertThat(analysis.getDescription()).contains("automatic").contains("orbit-orders-220-0");
        assertThat(analysis.getAction()).contains("orbit.shm.directory").contains("orbit.shm.enabled=false");
    }

}
