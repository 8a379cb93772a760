package dev.orbit.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.fixtures.FleetProcesses;
import dev.orbit.fixtures.TestFleets;
import dev.orbit.fixtures.WakeChild;
import dev.orbit.internal.ring.RingSeams;
import dev.orbit.internal.shm.Processes;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.StartPosition;
import dev.orbit.shm.AccessMode;
import dev.orbit.testsupport.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No wake-up is lost across processes: two child JVMs, each with two threads asleep on the event ring, and this
 * process publishing with random gaps (back to back, a few microseconds, a few milliseconds), so that commits land
 * before, during and after the sleepers mark the ring. Every event must reach every sleeping thread before the next
 * one is published.
 * <p>
 * "Promptly" is judged without a wall-clock bound: the sleepers' safety timeout is ten minutes, so an event whose
 * wake-up was lost would be seen only then, and the test's deadline for each event (a minute) would fail first.
 * Where the test drops the nudges on purpose, the sleepers still receive everything, at their (short) safety timeout.
 * And a publisher whose readers are all awake never nudges anyone: no system call on the publish path.
 */
class CrossProcessWakeUpTest {

    private static final Duration ACK_DEADLINE = Duration.ofSeconds(60);
    private static final String TOPIC = "wake";

    private final FleetProcesses processes = new FleetProcesses("wake", WakeChild.class);
    private final String name = processes.name();

    @AfterEach
    void cleanUp() {
        RingSeams.dropNudges(false);
        processes.close();
    }

    private Fleet join() {
        return Fleet.builder().name(name).directory(TestFleets.directory()).label("publisher").joinShm();
    }

    private static Map<String, Long> result(final ChildJvm child) {
        child.send("stop");
        final Map<String, Long> values = new HashMap<>();
        for (final String pair : child.awaitValue("result").split(" ")) {
            final String[] kv = pair.split("=");
            values.put(kv[0], kv[1].equals("true") ? 1L : kv[1].equals("false") ? 0L : Long.parseLong(kv[1]));
        }
        return values;
    }

    private static void publish(final OrbitEventBus bus, final long seq) {
        final byte[] payload = new byte[16];
        final ByteBuffer view = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        view.putLong(0, seq);
        view.putLong(8, System.nanoTime());
        assertThat(bus.publish(TOPIC, payload)).as("event %d committed", seq).isNotEqualTo(NetId64.NULL);
    }

    private static void awaitAck(final ChildJvm child, final long seq) {
        child.awaitLine(line -> line.startsWith("acked ") && Long.parseLong(line.substring(6)) >= seq, ACK_DEADLINE);
    }

    /** A gap of nothing, a few microseconds (spun) or a few milliseconds (parked). */
    private static void randomGap(final SplittableRandom random) {
        switch (random.nextInt(3)) {
            case 0 -> {
            }
            case 1 -> {
                final long until = System.nanoTime() + random.nextLong(1_000, 50_000);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            default -> LockSupport.parkNanos(random.nextLong(100_000, 3_000_000));
        }
    }

    @Test
    void shouldDeliverEveryEventToEverySleepingThreadLongBeforeTheSafetyTimeout() {
        final long safetyTimeoutMs = TimeUnit.MINUTES.toMillis(10);
        final List<ChildJvm> sleepers = List.of(
            processes.start("sleep", "2", Long.toString(safetyTimeoutMs)),
            processes.start("sleep", "2", Long.toString(safetyTimeoutMs)));
        sleepers.forEach(child -> child.awaitLine("ready"::equals, ACK_DEADLINE));
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final int events = Integer.getInteger("wake.events", 300);
        try (Fleet fleet = join()) {
            final OrbitEventBus bus = fleet.events();
            for (long seq = 0; seq < events; seq++) {
                randomGap(random);
                publish(bus, seq);
                for (final ChildJvm sleeper : sleepers) {
                    awaitAck(sleeper, seq);
                }
            }
            assertThat(fleet.wakeStats().crossProcess()).isTrue();
            assertThat(fleet.wakeStats().nudgesSent()).as("seed=%d", seed).isPositive();
            assertThat(fleet.wakeStats().nudgesUnreachable()).as("seed=%d", seed).isZero();
        }
        for (final ChildJvm sleeper : sleepers) {
            final Map<String, Long> result = result(sleeper);
            assertThat(result.get("received")).as("seed=%d", seed).isEqualTo(2L * events);
            assertThat(result.get("maxLatencyNs")).as("seed=%d: every event before the safety timeout", seed)
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(safetyTimeoutMs));
            assertThat(result.get("nudgesReceived")).as("seed=%d", seed).isPositive();
            assertThat(result.get("crossProcess")).isEqualTo(1L);
        }
    }

    @Test
    void shouldNeverNudgeWhenNobodySleepsOnTheRing() {
        final ChildJvm spinner = processes.start("spin", "1", "1000");
        spinner.awaitLine("ready"::equals, ACK_DEADLINE);
        final SplittableRandom random = new SplittableRandom(System.nanoTime());
        final int events = 200;
        try (Fleet fleet = join()) {
            final OrbitEventBus bus = fleet.events();
            for (long seq = 0; seq < events; seq++) {
                randomGap(random);
                publish(bus, seq);
                awaitAck(spinner, seq);
            }
            // Every nudge to another process is a socket write (a system call), and each one is counted as sent or
            // unreachable: none happened, since the only reader never slept.
            assertThat(fleet.wakeStats().crossProcess()).isTrue();
            assertThat(fleet.wakeStats().nudgesSent()).isZero();
            assertThat(fleet.wakeStats().nudgesUnreachable()).isZero();
        }
        final Map<String, Long> result = result(spinner);
        assertThat(result.get("received")).isEqualTo(events);
        assertThat(result.get("waits")).as("the reader never slept").isZero();
        assertThat(result.get("nudgesReceived")).isZero();
    }

    @Test
    void shouldDeliverEveryEventAtTheSafetyTimeoutWhenTheNudgesAreDropped() {
        final long safetyTimeoutMs = 200;
        final ChildJvm sleeper = processes.start("sleep", "2", Long.toString(safetyTimeoutMs));
        sleeper.awaitLine("ready"::equals, ACK_DEADLINE);
        final SplittableRandom random = new SplittableRandom(System.nanoTime());
        final int events = 20;
        try (Fleet fleet = join()) {
            final OrbitEventBus bus = fleet.events();
            RingSeams.dropNudges(true);
            for (long seq = 0; seq < events; seq++) {
                randomGap(random);
                publish(bus, seq);
                awaitAck(sleeper, seq);
            }
            assertThat(fleet.wakeStats().nudgesSent()).as("every nudge dropped").isZero();
        }
        final Map<String, Long> result = result(sleeper);
        assertThat(result.get("received")).isEqualTo(2L * events);
        assertThat(result.get("nudgesReceived")).isZero();
        assertThat(result.get("timeouts")).as("woken by the safety timeout").isPositive();
    }

    @Test
    void shouldWakeAThreadOfAnotherHandleThroughItsSocketAndRemoveTheSocketOnClose() throws Exception {
        final Path directory = TestFleets.directory();
        final Fleet publisher = join();
        final Fleet sleeper = Fleet.builder().name(name).directory(directory).label("sleeper").joinShm();
        final Path socket = SegmentNames.wakeSocket(directory, name, sleeper.nodeId(), AccessMode.OWNER,
            Processes.currentUid());
        try {
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(AccessMode.OWNER.permissions());
            final Subscription subscription = sleeper.events().subscribe(StartPosition.LATEST);
            final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
            final Thread thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    received.addAndGet(subscription.await(
                        (id, timestampMs, buffer, topicOffset, topicLength, payloadOffset, payloadLength) -> { },
                        16, Duration.ofMinutes(10)));
                }
            });
            thread.start();
            final long deadline = System.nanoTime() + ACK_DEADLINE.toNanos();
            long seq = 0;
            // Until one event was carried by a nudge through the socket (the thread may still be awake for the first).
            while (publisher.wakeStats().nudgesSent() == 0) {
                assertThat(System.nanoTime()).as("a nudge went through the socket").isLessThan(deadline);
                LockSupport.parkNanos(20_000_000);
                publish(publisher.events(), seq++);
                final long expected = seq;
                while (received.get() < expected) {
                    assertThat(System.nanoTime()).as("event %d received", expected).isLessThan(deadline);
                    LockSupport.parkNanos(100_000);
                }
            }
            thread.interrupt();
            thread.join(ACK_DEADLINE.toMillis());

            assertThat(thread.isAlive()).isFalse();
            assertThat(sleeper.wakeStats().nudgesReceived()).isPositive();
        }
        finally {
            sleeper.close();
            publisher.close();
        }
        assertThat(Files.exists(socket)).as("removed on close").isFalse();
    }
}
