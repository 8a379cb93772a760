package dev.orbit.internal.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.orbit.internal.memory.BufferAccess;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.RingDescriptor;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.StartPosition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wake-ups on one ring: the eventcount in the ring header and the wake hubs, with the nudges carried between
 * nodes by queues (the Unix-domain transport is tested with real processes in the fleet package).
 */
class WakeUpTest {

    /** Sleeps in these tests end by a nudge long before this, or the test fails on its own deadline. */
    private static final long LONG_SLEEP_NANOS = TimeUnit.HOURS.toNanos(1);

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final CachedEpochClock clock = new CachedEpochClock();
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void stopThreads() throws InterruptedException {
        RingSeams.dropNudges(false);
        for (final Thread thread : threads) {
            thread.interrupt();
            thread.join(DEADLINE.toMillis());
        }
    }

    private static ByteBuffer memory(final RingSpec spec) {
        final ByteBuffer buffer = ByteBuffer.allocateDirect((int)spec.length() + 64).alignedSlice(64)
            .order(ByteOrder.LITTLE_ENDIAN);
        Rings.initialise(buffer, 7, spec);
        return buffer;
    }

    private BufferRing ring(final ByteBuffer memory, final int node, final WakeHub hub) {
        final BufferRing ring = new BufferRing(memory, null, node, OwnerLiveness.neverGone(), clock, 1000, true);
        ring.wakeHub(hub);
        return ring;
    }

    private static void poll(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting for: " + what).isNegative();
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private CompletableFuture<Boolean> sleepOn(final RingCursor cursor, final long timeoutNanos) {
        final CompletableFuture<Boolean> woken = new CompletableFuture<>();
        final Thread thread = new Thread(() -> woken.complete(cursor.awaitFrames(timeoutNanos)), "sleeper");
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        return woken;
    }

    private static void awaitBlocked(final Thread thread) {
        poll(() -> thread.getState() == Thread.State.TIMED_WAITING, "thread asleep: " + thread.getName());
    }

    private static long sleepingBits(final BufferRing ring) {
        long bits = 0;
        for (int node = 0; node < RingDescriptor.SLEEPING_NODES; node += Long.SIZE) {
            bits |= BufferAccess.getLongVolatile(ringMemory(ring), RingDescriptor.sleepingNodeWordOffset(node));
        }
        return bits;
    }

    private static ByteBuffer ringMemory(final BufferRing ring) {
        try {
            final var field = BufferRing.class.getDeclaredField("buffer");
            field.setAccessible(true);
            return (ByteBuffer)field.get(ring);
        }
        catch (final ReflectiveOperationException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void shouldWakeASleepingCursorWhenAFrameCommits() throws Exception {
        final BufferRing ring = ring(memory(RingSpec.of(16, 64)), 3, WakeHub.local(3));
        final RingCursor cursor = ring.cursor(StartPosition.LATEST);

        final CompletableFuture<Boolean> woken = sleepOn(cursor, LONG_SLEEP_NANOS);
        poll(() -> ring.sleepers() == 1, "the sleeper marks the ring");
        ring.publish(0, 0L, new byte[] {1});

        assertThat(woken.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).as("woken by the commit").isTrue();
        assertThat(cursor.poll(16).frames()).hasSize(1);
        assertThat(ring.sleepers()).as("nobody asleep").isZero();
        assertThat(sleepingBits(ring)).isZero();
    }

    @Test
    void shouldReturnAtOnceWhenSomethingIsAlreadyThere() {
        final BufferRing ring = ring(memory(RingSpec.of(16, 64)), 3, WakeHub.local(3));
        final RingCursor cursor = ring.cursor(StartPosition.LATEST);
        ring.publish(0, 0L, new byte[] {1});

        assertThat(cursor.awaitFrames(LONG_SLEEP_NANOS)).isTrue();
        assertThat(ring.sleepers()).isZero();
        assertThat(sleepingBits(ring)).isZero();
    }

    @Test
    void shouldLeaveTheHeaderAloneWhenNobodySleeps() {
        final QueueWakeTransports transports = new QueueWakeTransports();
        final BufferRing ring = ring(memory(RingSpec.of(16, 64)), 1, WakeHub.over(1, transports.of(1)));

        for (int i = 0; i < 100; i++) {
            ring.publish(0, i, new byte[] {1});
        }

        assertThat(ring.sleepers()).isZero();
        assertThat(sleepingBits(ring)).isZero();
        assertThat(transports.nudges).hasValue(0);
    }

    @Test
    void shouldNudgeASleepingNodeOnceForABurstOfFrames() throws Exception {
        final QueueWakeTransports transports = new QueueWakeTransports();
        final ByteBuffer memory = memory(RingSpec.of(64, 64));
        final WakeHub publisherHub = WakeHub.over(1, transports.of(1));
        final WakeHub sleeperHub = WakeHub.over(2, transports.of(2));
        final BufferRing publisher = ring(memory, 1, publisherHub);
        final BufferRing sleeper = ring(memory, 2, sleeperHub);
        final RingCursor cursor = sleeper.cursor(StartPosition.LATEST);

        final CompletableFuture<Boolean> woken = sleepOn(cursor, LONG_SLEEP_NANOS);
        // Blocked, not only marked: a sleeper between its mark and its block would see the burst on its second
        // look and never take the nudge, which is correct but not what this test counts.
        awaitBlocked(threads.get(0));
        poll(() -> publisher.sleepers() == 1, "node 2 marks the ring");
        for (int i = 0; i < 20; i++) {
            publisher.publish(0, i, new byte[] {1});
        }

        assertThat(woken.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(transports.nudges).as("one nudge for the burst").hasValue(1);
        assertThat(publisherHub.stats().nudgesSent()).isEqualTo(1);
        assertThat(sleeperHub.stats().nudgesReceived()).isEqualTo(1);
        assertThat(cursor.poll(64).frames()).hasSize(20);
        assertThat(publisher.sleepers()).isZero();
    }

    @Test
    void shouldWakeEveryThreadOfASleepingNodeWithOneNudge() throws Exception {
        final QueueWakeTransports transports = new QueueWakeTransports();
        final ByteBuffer memory = memory(RingSpec.of(64, 64));
        final BufferRing publisher = ring(memory, 1, WakeHub.over(1, transports.of(1)));
        final WakeHub sleeperHub = WakeHub.over(2, transports.of(2));
        final BufferRing sleeper = ring(memory, 2, sleeperHub);
        final List<RingCursor> cursors = new ArrayList<>();
        final List<CompletableFuture<Boolean>> woken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            final RingCursor cursor = sleeper.cursor(StartPosition.LATEST);
            cursors.add(cursor);
            woken.add(sleepOn(cursor, LONG_SLEEP_NANOS));
        }
        for (final Thread thread : threads) {
            awaitBlocked(thread);
        }
        poll(() -> publisher.sleepers() == 1, "node 2 marks the ring once for its four threads");

        publisher.publish(0, 0L, new byte[] {1});

        for (final CompletableFuture<Boolean> each : woken) {
            assertThat(each.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }
        assertThat(transports.nudges).hasValue(1);
        for (final RingCursor cursor : cursors) {
            assertThat(cursor.poll(64).frames()).hasSize(1);
        }
        assertThat(publisher.sleepers()).isZero();
        assertThat(sleepingBits(publisher)).isZero();
    }

    @Test
    void shouldKeepReceivingWhenTheReceivingThreadLeaves() throws Exception {
        final QueueWakeTransports transports = new QueueWakeTransports();
        final ByteBuffer memory = memory(RingSpec.of(64, 64));
        final BufferRing publisher = ring(memory, 1, WakeHub.over(1, transports.of(1)));
        final BufferRing sleeper = ring(memory, 2, WakeHub.over(2, transports.of(2)));
        final RingCursor shortSleep = sleeper.cursor(StartPosition.LATEST);
        final RingCursor longSleep = sleeper.cursor(StartPosition.LATEST);

        final CompletableFuture<Boolean> first = sleepOn(shortSleep, TimeUnit.MILLISECONDS.toNanos(50));
        final CompletableFuture<Boolean> second = sleepOn(longSleep, LONG_SLEEP_NANOS);
        assertThat(first.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).as("the short sleep times out").isFalse();
        awaitBlocked(threads.get(1));
        poll(() -> publisher.sleepers() == 1, "the long sleeper still marks the ring");

        publisher.publish(0, 0L, new byte[] {1});

        assertThat(second.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
            .as("the thread left asleep took over the channel").isTrue();
    }

    @Test
    void shouldWakeAtTheSafetyTimeoutWhenANudgeIsLost() throws Exception {
        final QueueWakeTransports transports = new QueueWakeTransports();
        final ByteBuffer memory = memory(RingSpec.of(64, 64));
        final BufferRing publisher = ring(memory, 1, WakeHub.over(1, transports.of(1)));
        final WakeHub sleeperHub = WakeHub.over(2, transports.of(2));
        final BufferRing sleeper = ring(memory, 2, sleeperHub);
        final RingCursor cursor = sleeper.cursor(StartPosition.LATEST);
        final CompletableFuture<Boolean> woken = sleepOn(cursor, TimeUnit.MILLISECONDS.toNanos(200));
        awaitBlocked(threads.get(0));
        poll(() -> publisher.sleepers() == 1, "node 2 marks the ring");

        RingSeams.dropNudges(true);
        publisher.publish(0, 0L, new byte[] {1});

        assertThat(woken.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).as("ended by the timeout").isFalse();
        assertThat(transports.nudges).hasValue(0);
        assertThat(sleeperHub.stats().timeouts()).isEqualTo(1);
        assertThat(cursor.poll(64).frames()).as("the frame is there after the timeout").hasSize(1);
        assertThat(publisher.sleepers()).as("the publisher cleared the mark it could not nudge").isZero();
    }

    @Test
    void shouldEndASleepWhenWokenUpFromAnotherThread() throws Exception {
        final QueueWakeTransports transports = new QueueWakeTransports();
        final BufferRing ring = ring(memory(RingSpec.of(16, 64)), 2, WakeHub.over(2, transports.of(2)));
        final RingCursor cursor = ring.cursor(StartPosition.LATEST);
        final CompletableFuture<Boolean> woken = sleepOn(cursor, LONG_SLEEP_NANOS);
        awaitBlocked(threads.get(0));

        cursor.wakeUp();

        assertThat(woken.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(ring.sleepers()).isZero();
    }

    @Test
    void shouldMakeTheNextSleepReturnWhenWokenUpBeforeIt() {
        final BufferRing ring = ring(memory(RingSpec.of(16, 64)), 2, WakeHub.local(2));
        final RingCursor cursor = ring.cursor(StartPosition.LATEST);

        cursor.wakeUp();

        assertThat(cursor.awaitFrames(LONG_SLEEP_NANOS)).isTrue();
    }

    @Test
    void shouldReturnAtOnceForAnInterruptedThread() {
        final BufferRing ring = ring(memory(RingSpec.of(16, 64)), 2, WakeHub.local(2));
        final RingCursor cursor = ring.cursor(StartPosition.LATEST);

        Thread.currentThread().interrupt();
        try {
            assertThat(cursor.awaitFrames(LONG_SLEEP_NANOS)).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).as("the flag is kept").isTrue();
        }
        finally {
            Thread.interrupted();
        }
        assertThat(ring.sleepers()).isZero();
    }

    @Test
    void shouldWakeSleepersWhenTheHubCloses() throws Exception {
        final QueueWakeTransports transports = new QueueWakeTransports();
        final WakeHub hub = WakeHub.over(2, transports.of(2));
        final BufferRing ring = ring(memory(RingSpec.of(16, 64)), 2, hub);
        final CompletableFuture<Boolean> woken = sleepOn(ring.cursor(StartPosition.LATEST), LONG_SLEEP_NANOS);
        awaitBlocked(threads.get(0));

        hub.close();

        assertThat(woken.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(hub.crossProcess()).isFalse();
    }

    @Test
    void shouldClearTheMarkOfADeadSleeperWhenItsNodeIsReclaimed() {
        final ByteBuffer memory = memory(RingSpec.of(16, 64));
        final BufferRing ring = ring(memory, 5, WakeHub.local(5));
        ring.armSleeper(5);
        assertThat(ring.sleepers()).isEqualTo(1);

        assertThat(Rings.clearSleeper(ring, 5)).isTrue();

        assertThat(ring.sleepers()).isZero();
        assertThat(sleepingBits(ring)).isZero();
        assertThat(Rings.clearSleeper(ring, 5)).as("nothing left to clear").isFalse();
    }

    @Test
    void shouldNotSleepWhileALaterPositionCanBeReadPastAPendingOne() {
        final BufferRing ring = ring(memory(RingSpec.of(16, 64)), 2, WakeHub.local(2));
        final RingCursor cursor = ring.cursor(StartPosition.LATEST);
        final long reserved = ring.head();
        BufferAccess.getAndAddLong(ringMemory(ring), RingDescriptor.HEAD_OFFSET, 1L);
        ring.publish(0, 0L, new byte[] {1});

        assertThat(cursor.awaitFrames(LONG_SLEEP_NANOS)).as("the frame after the reservation is ready").isTrue();
        assertThat(cursor.poll(16).frames()).hasSize(1);
        assertThat(cursor.pendingCount()).isEqualTo(1);
        assertThat(RingSeams.publishAt(ring, reserved, new byte[] {2})).isNotEqualTo(NetId64.NULL);
        assertThat(cursor.awaitFrames(LONG_SLEEP_NANOS)).as("the parked position committed").isTrue();
    }

    @Test
    void shouldCutASleepToThePendingTimeoutWhileAReservationIsOpen() {
        final BufferRing ring = new BufferRing(memory(RingSpec.of(16, 64)), null, 2, OwnerLiveness.neverGone(), clock,
            20, true);
        final RingCursor cursor = ring.cursor(StartPosition.LATEST);
        BufferAccess.getAndAddLong(ringMemory(ring), RingDescriptor.HEAD_OFFSET, 1L);

        assertThat(cursor.awaitFrames(LONG_SLEEP_NANOS)).as("returns at the pending timeout").isFalse();
    }
}
