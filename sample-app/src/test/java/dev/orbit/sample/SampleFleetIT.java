package dev.orbit.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import dev.orbit.sample.SampleFleet.Node;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.Background;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three sample JVMs started with {@code java -jar} on random ports, one fleet: proves over HTTP that the cached
 * endpoint is computed once for all of them, that an event posted to one is recorded by all, that the claimed job
 * runs in one at a time and moves to a sibling soon after its runner is killed with {@code kill -9} (bounded by
 * membership's death detection, not by the claim's time to live), and that health reports the dead member.
 * The tests share the fleet and run in order; the last ones kill members.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleFleetIT {

    /** Every sibling attempts the job this long after its previous attempt. */
    private static final Duration JOB_INTERVAL = Duration.ofMillis(200);

    /**
     * One run of the job: long enough that a runner seen to have started less than half of it ago is surely still
     * running (and holding the claim) when it is killed, however slow a loaded machine makes the test's requests.
     */
    private static final Duration JOB_WORK = Duration.ofMillis(2000);

    /**
     * The job's claim TTL. A killed runner never releases its claim: without death detection it would last this
     * long, so a takeover within half of it is membership's doing.
     */
    private static final Duration CLAIM_TTL = Duration.ofSeconds(60);

    private static final Duration QUOTE_WORK = Duration.ofMillis(1000);

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private SampleFleet fleet;

    @BeforeAll
    void startFleet() throws Exception {
        this.fleet = SampleFleet.start("it", 3,
                List.of("--sample.job.interval=" + JOB_INTERVAL.toMillis() + "ms",
                        "--sample.job.work=" + JOB_WORK.toMillis() + "ms",
                        "--sample.job.claim-ttl=" + CLAIM_TTL.toSeconds() + "s",
                        "--sample.quote.work=" + QUOTE_WORK.toMillis() + "ms"));
    }

    @AfterAll
    void stopFleet() {
        if (this.fleet != null) {
            this.fleet.close();
        }
    }

    @Test
    @Order(1)
    void shouldReportEveryMemberAliveInHealthOfEachMember() throws Exception {
        Set<Integer> nodeIds = new HashSet<>();
        for (Node node : this.fleet.nodes()) {
            // Members beat every second; right after startup a sibling may not have beaten yet.
            JsonNode orbit = Await.value(TIMEOUT,
                    () -> Http.getJson(node.url("/actuator/health")).path("components").path("orbit"),
                    (o) -> o.path("details").path("members").path("alive").size() == 3
                            && o.path("details").path("members").path("stale").isEmpty(),
                    node + " to report 3 members alive");
            assertThat(orbit.path("status").asString()).isEqualTo("UP");
            assertThat(orbit.path("details").path("fleet").asString()).isEqualTo(this.fleet.name());
            assertThat(ints(orbit.path("details").path("members").path("alive"))).hasSize(3);
            assertThat(ints(orbit.path("details").path("members").path("stale"))).isEmpty();
            nodeIds.add(node.nodeId());
        }
        assertThat(nodeIds).as("distinct node ids").hasSize(3);
    }

    @Test
    @Order(2)
    void shouldComputeCachedQuoteOnceAcrossAllSiblingsWhenAskedConcurrently() throws Exception {
        String symbol = "C" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        long before = totalComputations();
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        for (Node node : this.fleet.nodes()) {
            answers.add(Background.supply(() -> {
                try {
                    return Http.getJson(node.url("/api/quote/" + symbol));
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }));
        }
        Set<String> quotes = new HashSet<>();
        for (CompletableFuture<JsonNode> answer : answers) {
            quotes.add(answer.get(60, TimeUnit.SECONDS).path("quote").toString());
        }
        assertThat(quotes).as("the same quote everywhere").hasSize(1);
        assertThat(totalComputations() - before).as("computations across the fleet").isEqualTo(1);
    }

    @Test
    @Order(3)
    void shouldServeQuoteComputedByOneSiblingAsHitInTheOthers() throws Exception {
        String symbol = "S" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        long before = totalComputations();
        JsonNode first = Http.getJson(this.fleet.node(0).url("/api/quote/" + symbol));
        assertThat(first.path("quote").path("computedByNode").asInt()).isEqualTo(this.fleet.node(0).nodeId());
        assertThat(first.path("elapsedMs").asLong()).isGreaterThanOrEqualTo(QUOTE_WORK.toMillis());
        for (Node node : this.fleet.nodes().subList(1, 3)) {
            long hitsBefore = Http.getJson(node.url("/api/quote/stats")).path("hits").asLong();
            JsonNode answer = Http.getJson(node.url("/api/quote/" + symbol));
            assertThat(answer.path("quote")).isEqualTo(first.path("quote"));
            assertThat(answer.path("servedBy").asInt()).isEqualTo(node.nodeId());
            assertThat(Http.getJson(node.url("/api/quote/stats")).path("hits").asLong()).isEqualTo(hitsBefore + 1);
        }
        assertThat(totalComputations() - before).as("computations across the fleet").isEqualTo(1);
    }

    @Test
    @Order(4)
    void shouldRecordEventPostedToOneSiblingInEverySibling() throws Exception {
        String text = "note-" + UUID.randomUUID();
        Node publisher = this.fleet.node(1);
        JsonNode published = Http.postJson(publisher.url("/api/events"), Map.of("text", text));
        assertThat(published.path("id").asString()).startsWith("220:" + publisher.nodeId() + ":");
        for (Node node : this.fleet.nodes()) {
            JsonNode received = Await.value(TIMEOUT,
                    () -> find(Http.getJson(node.url("/api/events/received")).path("received"), text),
                    (entry) -> entry != null, node + " to record " + text);
            assertThat(received.path("fromNode").asInt()).isEqualTo(publisher.nodeId());
            assertThat(received.path("receivedBy").asInt()).isEqualTo(node.nodeId());
        }
    }

    @Test
    @Order(5)
    void shouldRunClaimedJobInOneSiblingAtATime() throws Exception {
        List<Interval> runs = Await.value(TIMEOUT, this::jobRuns,
                (all) -> all.stream().filter((run) -> run.end() != null).count() >= 4,
                "4 completed job runs across the fleet");
        assertNoOverlap(runs);
        assertThat(runs).allSatisfy((run) -> assertThat(run.end() == null
                || run.end() - run.start() >= JOB_WORK.toNanos() / 1000).isTrue());
    }

    @Test
    @Order(6)
    void shouldRunJobInAnotherSiblingLongBeforeTheClaimExpiresAfterRunnerIsKilled() throws Exception {
        // The runner: a node whose current run started less than half a run ago, so it holds the claim when killed.
        long window = JOB_WORK.toNanos() / 1000 / 2;
        Interval running = Await.value(TIMEOUT, () -> {
            long now = nowMicros();
            return this.jobRuns().stream()
                .filter((run) -> run.end() == null && now - run.start() < window)
                .findFirst()
                .orElse(null);
        }, (run) -> run != null, "a run that started less than " + window / 1000 + " ms ago");
        Node runner = this.fleet.nodes().stream().filter((n) -> n.nodeId() == running.node()).findFirst().orElseThrow();
        List<Node> survivors = this.fleet.nodes().stream().filter((n) -> n != runner).toList();

        long killedAtMicros = nowMicros();
        runner.child().kill9();
        long runWouldEnd = running.start() + JOB_WORK.toNanos() / 1000;
        assertThat(killedAtMicros).as("killed while its run was still going").isLessThan(runWouldEnd);

        Interval takeover = Await.value(TIMEOUT,
                () -> runsOf(survivors).stream()
                    .filter((run) -> run.start() > killedAtMicros)
                    .findFirst()
                    .orElse(null),
                (run) -> run != null, "a survivor to run the job after the kill");
        long delayMs = (takeover.start() - killedAtMicros) / 1000;
        System.out.printf("kill -9 of %s: node %d ran the job %d ms later (claim ttl %d ms)%n", runner,
                takeover.node(), delayMs, CLAIM_TTL.toMillis());
        // A dead runner never releases its claim: without death detection it would hold until its TTL.
        assertThat(delayMs).as("ms from kill -9 of the runner to the next run in a survivor (measured in milliseconds; "
                + "the bound is half the claim's TTL, for a loaded machine)")
            .isLessThan(CLAIM_TTL.toMillis() / 2);
        assertNoOverlap(Await.value(TIMEOUT, () -> runsOf(survivors),
                (all) -> all.stream().filter((run) -> run.start() > killedAtMicros && run.end() != null).count() >= 2,
                "2 more runs in the survivors"));

        for (Node survivor : survivors) {
            JsonNode members = Await.value(TIMEOUT,
                    () -> Http.getJson(survivor.url("/actuator/health"))
                        .path("components").path("orbit").path("details").path("members"),
                    (m) -> ints(m.path("stale")).contains(runner.nodeId()) && m.path("alive").size() == 2,
                    survivor + " to report " + runner + " stale");
            assertThat(ints(members.path("alive"))).doesNotContain(runner.nodeId());
            JsonNode member = member(survivor, runner.nodeId());
            assertThat(member.path("health").asString()).isEqualTo("gone");
        }
    }

    @Test
    @Order(7)
    void shouldFreeMembershipSlotWhenSiblingStopsGracefully() throws Exception {
        List<Node> alive = this.fleet.nodes().stream().filter((n) -> n.child().isAlive()).toList();
        Node leaving = alive.get(0);
        Node staying = alive.get(1);
        assertThat(member(staying, leaving.nodeId()).path("state").asString()).isEqualTo("LIVE");
        leaving.child().terminate(); // SIGTERM: Spring closes the context, the Fleet bean leaves the fleet
        leaving.child().awaitExit(Duration.ofSeconds(30));
        JsonNode member = Await.value(TIMEOUT, () -> member(staying, leaving.nodeId()),
                (m) -> "FREE".equals(m.path("state").asString()), staying + " to see the slot of " + leaving + " free");
        assertThat(member.path("health").asString()).isEqualTo("left");
        JsonNode orbitMember = Await.value(TIMEOUT,
                () -> find(Http.getJson(staying.url("/actuator/orbit")).path("members"), "nodeId", leaving.nodeId()),
                (m) -> m != null, "actuator/orbit to list the slot");
        assertThat(orbitMember.path("state").asString()).isEqualTo("FREE");
    }

    private long totalComputations() throws Exception {
        long total = 0;
        for (Node node : this.fleet.nodes()) {
            total += Http.getJson(node.url("/api/quote/stats")).path("computations").asLong();
        }
        return total;
    }

    private List<Interval> jobRuns() throws Exception {
        return runsOf(this.fleet.nodes());
    }

    private static List<Interval> runsOf(List<Node> nodes) throws Exception {
        List<Interval> all = new ArrayList<>();
        for (Node node : nodes) {
            for (JsonNode run : Http.getJson(node.url("/api/job/runs")).path("runs")) {
                JsonNode end = run.path("endedAtMicros");
                all.add(new Interval(run.path("node").asInt(), run.path("startedAtMicros").asLong(),
                        end.isNull() || end.isMissingNode() ? null : end.asLong()));
            }
        }
        all.sort((a, b) -> Long.compare(a.start(), b.start()));
        return all;
    }

    /** Runs sorted by start: each must end before the next one starts, whichever process ran them. */
    private static void assertNoOverlap(List<Interval> runs) {
        for (int i = 1; i < runs.size(); i++) {
            Interval previous = runs.get(i - 1);
            Interval next = runs.get(i);
            assertThat(previous.end()).as("run %s is still going while %s started", previous, next).isNotNull();
            assertThat(previous.end()).as("run %s overlaps %s", previous, next).isLessThanOrEqualTo(next.start());
        }
    }

    private static JsonNode member(Node observer, int nodeId) throws Exception {
        JsonNode member = find(Http.getJson(observer.url("/api/dashboard")).path("members"), "nodeId", nodeId);
        assertThat(member).as("member %d in the dashboard of %s", nodeId, observer).isNotNull();
        return member;
    }

    private static JsonNode find(JsonNode array, String text) {
        for (JsonNode entry : array) {
            if (text.equals(entry.path("text").asString())) {
                return entry;
            }
        }
        return null;
    }

    private static JsonNode find(JsonNode array, String field, int value) {
        for (JsonNode entry : array) {
            if (entry.path(field).asInt() == value) {
                return entry;
            }
        }
        return null;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach((value) -> values.add(value.asInt()));
        return values;
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private record Interval(int node, long start, Long end) {
    }

}
