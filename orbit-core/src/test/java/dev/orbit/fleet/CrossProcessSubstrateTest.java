package dev.orbit.fleet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.YieldTo;
import dev.orbit.event.Subscription;
import dev.orbit.ring.StartPosition;
import dev.orbit.testsupport.ChildJvm;
import dev.orbit.fixtures.FleetProcesses;
import dev.orbit.fixtures.SharedCounters;
import dev.orbit.fixtures.SubstrateChild;
import dev.orbit.fixtures.TestFleets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cache, event bus and contest across real JVM processes.
 */
class CrossProcessSubstrateTest {

    private final FleetProcesses processes = new FleetProcesses("xsub", SubstrateChild.class);
    private final String name = processes.name();
    private Path countersFile;

    @AfterEach
    void cleanUp() throws Exception {
        processes.close();
        if (countersFile != null) {
            Files.deleteIfExists(countersFile);
        }
    }

    private ChildJvm child(final String mode, final String... args) {
        return processes.start(mode, args);
    }

    private Fleet join() {
        return Fleet.builder().name(name).directory(TestFleets.directory()).joinShm();
    }

    private static Map<String, Long> values(final String line) {
        final Map<String, Long> values = new HashMap<>();
        for (final String pair : line.split(" ")) {
            final int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            }
        }
        return values;
    }

    @Test
    void shouldHitInOneProcessWhatAnotherPutAndMissAfterItsDelete() {
        try (Fleet fleet = join()) {
            final OrbitCache cache = fleet.cache("shared");
            final ChildJvm b = child("cache");
            b.awaitValue("ready");

            assertThat(cache.put("order:1".getBytes(StandardCharsets.UTF_8), "paid".getBytes(StandardCharsets.UTF_8))).isTrue();
            b.send("get order:1");
            assertThat(b.awaitValue("got")).isEqualTo("paid");

            b.send("delete order:1");
            assertThat(b.awaitValue("deleted")).isEqualTo("true");
            assertThat(cache.get("order:1".getBytes(StandardCharsets.UTF_8))).isEmpty();

            b.send("put order:2 shipped");
            assertThat(b.awaitValue("put")).isEqualTo("true");
            assertThat(cache.get("order:2".getBytes(StandardCharsets.UTF_8))).map(v -> new String(v, StandardCharsets.UTF_8))
                .contains("shipped");
            b.send("exit");
            assertThat(b.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void shouldDeliverEveryEventOfThreePublishersToTwoSubscribersInPublisherOrder() {
        final int perPublisher = 500;
        final List<ChildJvm> subscribers = List.of(child("subscribe", Integer.toString(3 * perPublisher)),
            child("subscribe", Integer.toString(3 * perPublisher)));
        subscribers.forEach(s -> s.awaitValue("ready"));
        final List<ChildJvm> publishers = List.of(child("publish", Integer.toString(perPublisher)),
            child("publish", Integer.toString(perPublisher)), child("publish", Integer.toString(perPublisher)));
        for (final ChildJvm publisher : publishers) {
            assertThat(values(publisher.awaitValue("published"))).containsEntry("lost", 0L);
            assertThat(publisher.awaitExit(Duration.ofSeconds(30))).isZero();
        }
        for (final ChildJvm subscriber : subscribers) {
            final String line = subscriber.awaitValue("received");
            assertThat(line).startsWith(3 * perPublisher + " ");
            assertThat(values(line)).containsEntry("publishers", 3L).containsEntry("outOfOrder", 0L)
                .containsEntry("overwritten", 0L).containsEntry("unavailable", 0L);
        }
    }

    @Test
    void shouldTellSlowSubscriberExactlyHowMuchItMissed() {
        try (Fleet fleet = join()) {
            final Subscription slow = fleet.events().subscribe(StartPosition.LATEST);
            final int capacity = 4096;
            final ChildJvm publisher = child("publish", "3000");
            assertThat(values(publisher.awaitValue("published"))).containsEntry("lost", 0L);
            assertThat(publisher.awaitExit(Duration.ofSeconds(30))).isZero();

            final int received = slow.poll(Integer.MAX_VALUE).events().size();

            assertThat(received).isEqualTo(capacity);
            assertThat(slow.loss().overwritten()).isEqualTo(6000 - capacity);
            assertThat(slow.loss().unavailable()).isZero();
        }
    }

    @Test
    void shouldNeverHaveTwoHoldersAmongFourContendingProcesses() throws Exception {
        countersFile = Files.createTempFile(TestFleets.directory(), "orbit-test-counters-", "");
        final List<ChildJvm> contenders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            contenders.add(child("contend", "1000", countersFile.toString()));
        }
        for (final ChildJvm contender : contenders) {
            assertThat(contender.awaitValue("done")).startsWith("1000 ");
            assertThat(contender.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        final SharedCounters counters = SharedCounters.open(countersFile);

        assertThat(counters.get(SubstrateChild.VIOLATIONS)).isZero();
        assertThat(counters.get(SubstrateChild.STALE_TOKENS)).isZero();
        assertThat(counters.get(SubstrateChild.INSIDE)).isZero();
        assertThat(counters.get(SubstrateChild.NEWEST_TOKEN)).isGreaterThanOrEqualTo(4000);
    }

    /**
     * The holder's claim has a 60 s TTL: a takeover well before that proves that its death ended the claim, not
     * the TTL. (It takes milliseconds; the bound leaves room for a loaded machine.)
     */
    @Test
    void shouldHandSubjectToAnotherProcessAtOnceWhenTheHolderIsKilled() {
        try (Fleet fleet = join()) {
            final Contest contest = fleet.contest();
            final ChildJvm holder = child("hold");
            final long holderToken = Long.parseLong(holder.awaitValue("holding"));
            final ClaimResult whileHeld = contest.tryClaim(SubstrateChild.SUBJECT, "parent", Duration.ofSeconds(30));
            assertThat(whileHeld).isInstanceOf(YieldTo.class);
            assertThat(((YieldTo)whileHeld).holder().owner()).isEqualTo("holder");

            holder.kill9();
            final long killedAt = System.nanoTime();
            ClaimResult result = contest.tryClaim(SubstrateChild.SUBJECT, "parent", Duration.ofSeconds(30));
            while (!(result instanceof Claimed) && System.nanoTime() - killedAt < Duration.ofSeconds(30).toNanos()) {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                result = contest.tryClaim(SubstrateChild.SUBJECT, "parent", Duration.ofSeconds(30));
            }
            final long elapsedMs = (System.nanoTime() - killedAt) / 1_000_000;

            assertThat(result).isInstanceOf(Claimed.class);
            assertThat(elapsedMs).as("taken over long before the holder's 60 s TTL").isLessThan(30_000);
            try (Guard guard = ((Claimed)result).guard()) {
                assertThat(guard.fenceToken()).isGreaterThan(holderToken);
                assertThat(contest.holders()).singleElement().satisfies(h -> assertThat(h.nodeId()).isEqualTo(fleet.nodeId()));
            }
        }
    }
}
