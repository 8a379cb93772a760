package dev.orbit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ChildJvm;

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
        Await.until(WAIT, () -> {
            spans.clear();
            for (final ChildJvm claimer : claimers) {
                claimer.send("stats");
                claimer.awaitLine(line -> line.startsWith("stats "), WAIT);
                spans.addAll(spans(claimer));
            }
            return spans.size() >= 12 && spans.stream().anyMatch(s -> s.holder().equals(name(a1))) &&
                spans.stream().anyMatch(s -> !s.holder().equals(name(a1)));
        }, () -> "tenures so far: " + spans);

        // Kill the holder on host A while it holds.
        final String acquired = a1.awaitLine(line -> line.startsWith("acquired "), WAIT);
        a1.kill9();
        final long killedAt = System.nanoTime();
        final long killedToken = Long.parseLong(acquired.split(" ")[1]);
        final long killedFrom = Long.parseLong(acquired.split(" ")[2]);
        final long[] taken = {Long.MAX_VALUE, 0}; // when and with which token host B held the claim again
        for (final ChildJvm survivor : List.of(b0, b1)) {
            survivor.send("stats");
            survivor.awaitLine(line -> line.startsWith("stats "), WAIT);
        }
        Await.until(WAIT, () -> {
            for (final ChildJvm survivor : List.of(b0, b1)) {
                for (final String line : survivor.transcript()) {
                    if (line.startsWith("acquired ") && Long.parseLong(line.split(" ")[1]) > killedToken) {
                        final long at = Long.parseLong(line.split(" ")[2]);
                        if (at < taken[0]) {
                            taken[0] = at;
                            taken[1] = Long.parseLong(line.split(" ")[1]);
                        }
                    }
                }
                if (taken[0] == Long.MAX_VALUE) {
                    survivor.send("stats");
                    survivor.awaitLine(line -> line.startsWith("stats "), WAIT);
                }
            }
            return taken[0] != Long.MAX_VALUE;
        }, "host B to hold the claim again");
        final long takenAt = taken[0];
        final long takenToken = taken[1];
        assertThat(Duration.ofNanos(takenAt - killedAt)).as("takeover after kill -9 of the holder (ttl 10 s)")
            .isLessThan(Duration.ofSeconds(2));
        assertThat(takenToken).isGreaterThan(killedToken);

        final List<Span> all = new ArrayList<>();
        for (final ChildJvm survivor : List.of(b0, b1)) {
            survivor.send("stats");
            survivor.awaitLine(line -> line.startsWith("stats "), WAIT);
            all.addAll(spans(survivor));
        }
        all.addAll(spans(a1, acquired));
        all.add(new Span(name(a1), killedToken, killedFrom, killedAt));
        assertNoOverlapAndGrowingTokens(all);
    }

    private static String name(final ChildJvm child) {
        return Long.toString(child.pid());
    }

    private static List<Span> spans(final ChildJvm claimer) {
        return spans(claimer, null);
    }

    /**
     * @param last the line to stop after (the killed holder's last acquisition), null for every line printed.
     */
    private static List<Span> spans(final ChildJvm claimer, final String last) {
        final List<String> transcript = claimer.transcript();
        final int end = last == null ? transcript.size() : transcript.indexOf(last) + 1;
        final List<Span> spans = new ArrayList<>();
        for (final String line : transcript.subList(0, end)) {
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
