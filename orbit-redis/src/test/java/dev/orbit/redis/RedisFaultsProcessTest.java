package dev.orbit.redis;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ChildJvm;

import static dev.orbit.redis.Transcripts.DELIVERY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults of Redis and of a whole host, each with what was lost asserted exactly against what was sent: Redis
 * frozen with SIGSTOP for 2,500 events (at least 5 s), Redis restarted empty, and a host frozen while the stream's bounded window moves on.
 */
class RedisFaultsProcessTest {

    /** Events host A sends in the freeze test, one per 2 ms. */
    private static final int SENT = 3500;

    /** Events host A sends while Redis stays frozen: at least 5 s of traffic. */
    private static final int FROZEN_WHILE_SENT = 2500;

    private TestRedis redis;
    private TestHost hostA;
    private TestHost hostB;

    @BeforeEach
    void startRedis() {
        redis = TestRedis.start();
    }

    @AfterEach
    void stop() {
        if (hostA != null) {
            hostA.close();
        }
        if (hostB != null) {
            hostB.close();
        }
        redis.close();
    }

    private void hosts(final String... options) {
        final String fleet = "faults-" + Long.toHexString(System.nanoTime());
        hostA = new TestHost(fleet, "host-a", redis.uri(), options);
        hostB = new TestHost(fleet, "host-b", redis.uri(), options);
    }

    @Test
    void shouldLoseNothingWhenRedisIsFrozenForFiveSecondsWhilePublishing() {
        hosts();
        final ChildJvm a0 = hostA.startBridge();
        final ChildJvm a1 = hostA.start();
        final ChildJvm b0 = hostB.startBridge();
        final ChildJvm b1 = hostB.start();
        for (final ChildJvm listener : List.of(b0, b1)) {
            listener.send("listen");
            listener.awaitLine(line -> line.equals("listening"), DELIVERY);
        }

        a1.send("publish-async orders " + SENT + " p 2000");
        b1.awaitLine(line -> line.equals("ev host-a orders p-100"), DELIVERY);
        redis.pause();
        try {
            TestHost.awaitState(a0, "DEGRADED");
            // The deliberate fault: Redis stays frozen while host A publishes 2,500 more events, one per 2 ms (at
            // least 5 s; longer when the machine is slow, so the fault always spans the same amount of traffic).
            final int frozenAt = progress(a1.awaitLine(line -> line.startsWith("progress p "), DELIVERY));
            assertThat(frozenAt + FROZEN_WHILE_SENT).as("the publisher has events left to send while frozen")
                .isLessThanOrEqualTo(SENT);
            a1.awaitLine(line -> line.startsWith("progress p ") && progress(line) >= frozenAt + FROZEN_WHILE_SENT,
                DELIVERY);
        }
        finally {
            redis.resume();
        }
        TestHost.awaitState(a0, "ACTIVE");
        a1.awaitLine(line -> line.equals("published p " + SENT + " 0"), DELIVERY);

        for (final ChildJvm listener : List.of(b0, b1)) {
            assertThat(Transcripts.receive(listener, "orders", "p", SENT)).as("sent all, lost none, in order")
                .containsExactlyElementsOf(Transcripts.sequence("p", 0, SENT));
            assertThat(Transcripts.repeats(listener)).isEmpty();
        }
        Await.until(DELIVERY, () -> Transcripts.field(Transcripts.flush(a0), "forwarded") == SENT,
            () -> "host A's forwarder confirmed every batch");
        final String statsA = Transcripts.flush(a0);
        assertThat(Transcripts.field(statsA, "lost")).isZero();
        assertThat(Transcripts.field(statsA, "duplicates")).isZero();
        assertThat(Transcripts.field(statsA, "forwarded")).isEqualTo(SENT);
        assertThat(Transcripts.field(statsA, "reconnects")).isPositive();
        assertThat(Transcripts.field(Transcripts.flush(b0), "lost")).isZero();
    }

    @Test
    void shouldResumeAndLoseNothingSentWhenRedisRestartsEmpty() {
        hosts();
        final ChildJvm a0 = hostA.startBridge();
        final ChildJvm a1 = hostA.start();
        final ChildJvm b0 = hostB.startBridge();
        final ChildJvm b1 = hostB.start();
        for (final ChildJvm listener : List.of(b0, b1)) {
            listener.send("listen");
            listener.awaitLine(line -> line.equals("listening"), DELIVERY);
        }
        a1.send("cache-put k before");
        a1.awaitLine(line -> line.equals("cache-put k true"), DELIVERY);
        b1.send("cache-get k");
        b1.awaitLine(line -> line.equals("cache-get k before"), DELIVERY);

        a1.send("publish orders 500 r1");
        a1.awaitLine(line -> line.equals("published r1 500 0"), DELIVERY);
        for (final ChildJvm listener : List.of(b0, b1)) {
            assertThat(Transcripts.receive(listener, "orders", "r1", 500)).hasSize(500);
        }
        redis.restartEmpty();
        a1.send("publish orders 500 r2 500");
        a1.awaitLine(line -> line.equals("published r2 500 0"), DELIVERY);

        for (final ChildJvm listener : List.of(b0, b1)) {
            assertThat(Transcripts.receive(listener, "orders", "r2", 500)).as("sent 500 across the restart, lost none")
                .containsExactlyElementsOf(Transcripts.sequence("r2", 0, 500));
            assertThat(Transcripts.repeats(listener)).isEmpty();
        }
        final String statsB = Transcripts.flush(b0);
        assertThat(Transcripts.field(statsB, "streamResets")).as("B saw the stream start a new epoch").isPositive();
        assertThat(Transcripts.field(statsB, "lost")).isZero();
        assertThat(Transcripts.field(Transcripts.flush(a0), "lost")).isZero();
        // Redis forgot the value: after recovery every host's near cache agrees with Redis.
        Await.until(DELIVERY, () -> {
            b1.send("cache-get k");
            return b1.awaitLine(line -> line.startsWith("cache-get k "), DELIVERY).equals("cache-get k -");
        }, () -> "host B's near cache re-converged to Redis (value gone)");
    }

    @Test
    void shouldTellAFrozenHostExactlyHowManyEventsTheBoundedStreamDroppedBeforeItCameBack() {
        hosts("eventsMaxLength=100");
        final ChildJvm a0 = hostA.startBridge();
        final ChildJvm a1 = hostA.start();
        final ChildJvm b0 = hostB.startBridge();
        b0.send("listen");
        b0.awaitLine(line -> line.equals("listening"), DELIVERY);
        a1.send("publish orders 10 w");
        assertThat(Transcripts.receive(b0, "orders", "w", 10)).hasSize(10);

        b0.stop();
        a1.send("publish orders 2000 s");
        a1.awaitLine(line -> line.equals("published s 2000 0"), DELIVERY);
        Await.until(DELIVERY, () -> Transcripts.field(Transcripts.flush(a0), "forwarded") == 2010,
            () -> "host A forwarded everything");
        final long streamLength = Long.parseLong(redis.command("XLEN orbit:{" + hostA.fleet() + "}:events").substring(1));
        b0.cont();
        assertThat(streamLength).as("the stream kept a bounded window").isLessThan(1000);

        // Host B accounts for every event: each one delivered or counted missed.
        final long[] missed = new long[1];
        final long[] received = new long[1];
        Await.until(DELIVERY, () -> {
            final String stats = Transcripts.flush(b0);
            missed[0] = Transcripts.field(stats, "inboundMissed");
            received[0] = Transcripts.field(stats, "received");
            return received[0] + missed[0] == 2010;
        }, () -> "host B accounted for all 2010 events: received=" + received[0] + ", missed=" + missed[0]);
        final List<String> heard = Transcripts.receive(b0, "orders", "s", (int)(2000 - missed[0]));
        assertThat(heard).as("delivered + missed == sent").hasSize((int)(2000 - missed[0]));
        assertThat(heard).as("in publish order, each once").isSortedAccordingTo(
            java.util.Comparator.comparingInt(e -> Integer.parseInt(e.substring(2))));
        assertThat(heard).doesNotHaveDuplicates().endsWith("s-1999");
        assertThat(missed[0]).as("the stream dropped events before host B came back").isPositive();
        assertThat(Transcripts.repeats(b0)).isEmpty();
    }

    private static int progress(final String line) {
        return Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
    }

}
