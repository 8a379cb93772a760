package dev.orbit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orbit.testkit.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleet claims contended by processes on two hosts: never held on two hosts at once (checked from the holders'
 * own confirmed spans), fence tokens strictly increase, and {@code kill -9} of the holder on one host lets the other
 * host hold within 2 s although the claim's time to live is 10 s: the holder's bridge releases it.
 */
class ClaimsAcrossHostsProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private TestRedis redis;
    private TestHost hostA;
    private TestHost hostB;

    private record Span(String holder, long token, long fromNs, long toNs) {
    }

    @BeforeEach
    void start() {
        redis = TestRedis.start();
        final String fleet = "claims-" + Long.toHexString(System.nanoTime());
        hostA = new TestHost(fleet, "host-a", redis.uri());
        hostB = new TestHost(fleet, "host-b", redis.uri());
    }

    @AfterEach
    void stop() {
        hostA.close();
        hostB.close();
        redis.close();
    }

    @Test
    void shouldNeverHoldOnTwoHostsAndMoveToTheOtherHostWithinTwoSecondsOfAKill() {
        hostA.startBridge();
        final ChildJvm a1 = hostA.start();
        final ChildJvm b0 = hostB.startBridge();
        final ChildJvm b1 = hostB.start();
        final List<ChildJvm> claimers = List.of(a1, b0, b1);
        for (final ChildJvm claimer : claimers) {
            claimer.send("claim-loop job 10000 150");
        }

        // Let the claim move around: at least 12 tenures in all, and at least one on each host.
        final List<Span> spans = new ArrayList<>();
        Eventually.until(WAIT, () -> {
            spans.clear();
            for (final ChildJvm claimer : claimers) {
                claimer.send("stats");
                claimer.await(line -> line.startsWith("stats "), WAIT);
                spans.addAll(spans(claimer));
            }
            return spans.size() >= 12 && spans.stream().anyMatch(s -> s.holder().equals(name(a1))) &&
                spans.stream().anyMatch(s -> !s.holder().equals(name(a1)));
        }, () -> "tenures so far: " + spans);

        // Kill the holder on host A while it holds.
        final String acquired = a1.await(line -> line.startsWith("acquired "), WAIT);
        a1.kill9();
        final long killedAt = System.nanoTime();
        final long killedToken = Long.parseLong(acquired.split(" ")[1]);
        final long killedFrom = Long.parseLong(acquired.split(" ")[2]);
        long takenAt = Long.MAX_VALUE;
        long takenToken = 0;
        for (final ChildJvm survivor : List.of(b0, b1)) {
            survivor.send("stats");
            survivor.await(line -> line.startsWith("stats "), WAIT);
        }
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (takenAt == Long.MAX_VALUE && System.nanoTime() < deadline) {
            for (final ChildJvm survivor : List.of(b0, b1)) {
                for (final String line : survivor.transcript()) {
                    if (line.startsWith("acquired ") && Long.parseLong(line.split(" ")[1]) > killedToken) {
                        final long at = Long.parseLong(line.split(" ")[2]);
                        if (at < takenAt) {
                            takenAt = at;
                            takenToken = Long.parseLong(line.split(" ")[1]);
                        }
                    }
                }
                if (takenAt == Long.MAX_VALUE) {
                    survivor.send("stats");
                    survivor.await(line -> line.startsWith("stats "), WAIT);
                }
            }
        }
        assertThat(takenAt).as("host B held the claim again").isNotEqualTo(Long.MAX_VALUE);
        assertThat(Duration.ofNanos(takenAt - killedAt)).as("takeover after kill -9 of the holder (ttl 10 s)")
            .isLessThan(Duration.ofSeconds(2));
        assertThat(takenToken).isGreaterThan(killedToken);

        final List<Span> all = new ArrayList<>();
        for (final ChildJvm survivor : List.of(b0, b1)) {
            survivor.send("stats");
            survivor.await(line -> line.startsWith("stats "), WAIT);
            all.addAll(spans(survivor));
        }
        all.addAll(spans(a1));
        all.add(new Span(name(a1), killedToken, killedFrom, killedAt));
        assertNoOverlapAndGrowingTokens(all);
    }

    private static String name(final ChildJvm child) {
        return Long.toString(child.pid());
    }

    private static List<Span> spans(final ChildJvm claimer) {
        final List<Span> spans = new ArrayList<>();
        for (final String line : claimer.transcript()) {
            if (line.startsWith("released ")) {
                final String[] parts = line.split(" ");
                spans.add(new Span(name(claimer), Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])));
            }
        }
        return spans;
    }

    private static void assertNoOverlapAndGrowingTokens(final List<Span> spans) {
        final List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(Span::fromNs));
        for (int i = 1; i < sorted.size(); i++) {
            final Span before = sorted.get(i - 1);
            final Span after = sorted.get(i);
            assertThat(after.fromNs()).as("%s starts after %s ended", after, before).isGreaterThanOrEqualTo(before.toNs());
            assertThat(after.token()).as("fence token of %s above %s", after, before).isGreaterThan(before.token());
        }
    }
}
