package dev.orbit.sample;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import dev.orbit.sample.SampleFleet.Node;
import dev.orbit.testsupport.Await;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample started as a native image would start it, from the build's AOT processing
 * ({@code -Dspring.aot.enabled=true}: generated bean definitions, no classpath scanning or condition evaluation
 * at startup): its listener receives, its claimed job runs, its cache computes once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleAotIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SampleFleet fleet;

    @BeforeAll
    void start() throws Exception {
        this.fleet = SampleFleet.start("aot", 1, List.of("--sample.job.interval=100ms", "--sample.job.work=20ms",
                "--sample.quote.work=50ms"), List.of("-Dspring.aot.enabled=true"));
    }

    @AfterAll
    void stop() {
        if (this.fleet != null) {
            this.fleet.close();
        }
    }

    @Test
    void shouldStartFromTheAotProcessedContext() throws Exception {
        assertThat(Files.readString(this.fleet.log(0))).contains("Starting AOT-processed");
    }

    @Test
    void shouldDeliverAnEventToTheListener() throws Exception {
        Node node = this.fleet.node(0);
        String text = "aot-" + UUID.randomUUID().toString().substring(0, 8);
        Http.postJson(node.url("/api/events"), Map.of("text", text));
        Await.value(TIMEOUT, () -> {
            for (JsonNode received : Http.getJson(node.url("/api/events/received")).path("received")) {
                if (received.path("text").asString().equals(text)) {
                    return received;
                }
            }
            return null;
        }, (received) -> true, "the listener to record " + text);
    }

    @Test
    void shouldRunTheClaimedJob() throws Exception {
        Node node = this.fleet.node(0);
        JsonNode runs = Await.value(TIMEOUT, () -> Http.getJson(node.url("/api/job/runs")),
                (r) -> r.path("total").asLong() >= 1, "a completed claimed job run");
        assertThat(runs.path("runs").get(0).path("node").asInt()).isEqualTo(node.nodeId());
    }

    @Test
    void shouldComputeACachedQuoteOnce() throws Exception {
        Node node = this.fleet.node(0);
        JsonNode before = Http.getJson(node.url("/api/quote/stats"));
        JsonNode first = Http.getJson(node.url("/api/quote/AOT"));
        JsonNode second = Http.getJson(node.url("/api/quote/AOT"));
        assertThat(second.path("quote")).isEqualTo(first.path("quote"));
        JsonNode after = Http.getJson(node.url("/api/quote/stats"));
        assertThat(after.path("computations").asLong() - before.path("computations").asLong()).isEqualTo(1);
    }

}
