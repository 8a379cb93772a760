package dev.orbit.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import dev.orbit.fleet.Fleet;
import dev.orbit.testsupport.Await;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One sample process over real HTTP, in a fleet of its own in a temporary directory: the endpoints, the
 * dashboard's JSON and page, and Actuator's health, metrics and orbit endpoints. The cross-process behaviour is
 * proven by {@link SampleFleetIT} and {@link DashboardBrowserIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SampleApplicationTests {

    private static final String FLEET = "app-test-" + UUID.randomUUID().toString().substring(0, 8);

    private static final Path DIRECTORY = createDirectory();

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A reference that leaves the page's origin: an absolute or protocol-relative URL in src/href/url()/fetch. */
    private static final Pattern REMOTE = Pattern.compile(
            "(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//|url\\(\\s*[\"']?\\s*(https?:)?//|fetch\\(\\s*[\"']\\s*(https?:)?//"
                    + "|@import");

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void fleet(DynamicPropertyRegistry registry) {
        registry.add("orbit.fleet.name", () -> FLEET);
        registry.add("orbit.shm.directory", DIRECTORY::toString);
        registry.add("orbit.shm.enabled", () -> "true");
        registry.add("sample.quote.work", () -> "50ms");
        registry.add("sample.job.interval", () -> "50ms");
        registry.add("sample.job.work", () -> "20ms");
    }

    @AfterAll
    static void removeFleet() throws IOException {
        Fleet.unlink(DIRECTORY, FLEET, true);
        try (Stream<Path> paths = Files.walk(DIRECTORY)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
    }

    @Test
    void shouldComputeQuoteOnceThenHitCache() throws Exception {
        JsonNode before = get("/api/quote/stats");
        JsonNode first = get("/api/quote/orbt");
        JsonNode second = get("/api/quote/ORBT");
        assertThat(first.path("quote").path("symbol").asString()).isEqualTo("ORBT");
        assertThat(second.path("quote")).isEqualTo(first.path("quote"));
        JsonNode after = get("/api/quote/stats");
        assertThat(after.path("computations").asLong() - before.path("computations").asLong()).isEqualTo(1);
        assertThat(after.path("hits").asLong() - before.path("hits").asLong()).isEqualTo(1);
        assertThat(after.path("misses").asLong() - before.path("misses").asLong()).isEqualTo(1);
        assertThat(after.path("hitRatio").isNumber()).isTrue();
    }

    @Test
    void shouldRefuseMalformedSymbolWithMessage() throws Exception {
        HttpResponse<String> response = Http.get(url("/api/quote/not$a$symbol"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("a symbol is 1 to 12 of");
    }

    @Test
    void shouldReceiveOwnPublishedNote() throws Exception {
        String text = "note-" + UUID.randomUUID();
        JsonNode published = Http.postJson(url("/api/events"), Map.of("text", text));
        assertThat(published.path("id").asString()).startsWith("220:");
        Await.value(TIMEOUT, () -> {
            for (JsonNode received : get("/api/events/received").path("received")) {
                if (received.path("text").asString().equals(text)) {
                    return true;
                }
            }
            return false;
        }, Boolean.TRUE::equals, "the listener to record " + text);
    }

    @Test
    void shouldAcceptFormPostAndRefuseOversizedText() throws Exception {
        HttpResponse<String> form = Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/api/events")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("text=hello+form")));
        assertThat(form.statusCode()).isEqualTo(202);
        HttpResponse<String> tooLong = Http.post(url("/api/events"),
                Http.JSON.writeValueAsString(Map.of("text", "x".repeat(141))));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("text must be 1 to 140 UTF-8 bytes");
    }

    @Test
    void shouldRecordClaimedJobRunsOfThisNode() throws Exception {
        JsonNode runs = Await.value(TIMEOUT, () -> get("/api/job/runs"), (r) -> r.path("total").asLong() >= 2,
                "two completed job runs");
        JsonNode first = runs.path("runs").get(0);
        assertThat(first.path("node").asInt()).isEqualTo(runs.path("node").asInt());
        assertThat(first.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(first.path("endedAtMicros").asLong()).isGreaterThanOrEqualTo(first.path("startedAtMicros").asLong());
    }

    @Test
    void shouldDescribeFleetOnDashboard() throws Exception {
        JsonNode dashboard = Await.value(TIMEOUT, () -> get("/api/dashboard"), (d) -> d.path("members").size() == 1
                && "alive".equals(d.path("members").get(0).path("health").asString()),
                "this member alive on the dashboard");
        assertThat(dashboard.path("fleet").path("name").asString()).isEqualTo(FLEET);
        assertThat(dashboard.path("fleet").path("backing").asString()).isEqualTo("shm");
        assertThat(dashboard.path("members").get(0).path("self").asBoolean()).isTrue();
        List<Integer> kinds = new ArrayList<>();
        dashboard.path("rings").forEach((ring) -> kinds.add(ring.path("kind").asInt()));
        assertThat(kinds).contains(220, 221, 222);
        assertThat(dashboard.path("listeners").get(0).path("topics").get(0).asString()).isEqualTo("sample.notes");
        assertThat(dashboard.path("job").path("subject").asString()).isEqualTo("sample.report");
        JsonNode later = Await.value(TIMEOUT, () -> get("/api/dashboard"),
                (d) -> d.path("rings").get(0).path("writesPerSecond").isNumber(), "a write rate");
        assertThat(later.path("rings").size()).isEqualTo(dashboard.path("rings").size());
    }

    @Test
    void shouldServeDashboardPageWithEverythingLocal() throws Exception {
        HttpResponse<String> page = Http.get(url("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"dashboard.js\"></script>", "id=\"members\"");
        assertThat(Http.get(url("/dashboard.js")).statusCode()).isEqualTo(200);
        assertThat(Http.get(url("/dashboard.css")).statusCode()).isEqualTo(200);
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath:/static/**/*.*");
        assertThat(resources).isNotEmpty();
        for (Resource resource : resources) {
            try (InputStream in = resource.getInputStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(REMOTE.matcher(text).find()).as("%s loads something from another origin", resource)
                    .isFalse();
            }
        }
    }

    @Test
    void shouldExposeHealthMetricsAndOrbitEndpoints() throws Exception {
        JsonNode orbit = get("/actuator/health").path("components").path("orbit");
        assertThat(orbit.path("status").asString()).isEqualTo("UP");
        assertThat(orbit.path("details").path("fleet").asString()).isEqualTo(FLEET);
        assertThat(get("/actuator/orbit").path("fleet").path("name").asString()).isEqualTo(FLEET);
        get("/api/quote/METRIC");
        JsonNode gets = get("/actuator/metrics/cache.gets?tag=cache:quotes");
        assertThat(gets.path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(1);
        assertThat(get("/actuator/metrics/orbit.members?tag=state:alive").path("measurements").get(0)
            .path("value").asDouble()).isEqualTo(1);
    }

    private JsonNode get(String path) throws Exception {
        return Http.getJson(url(path));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + this.port + path;
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("orbit-sample-test-");
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
