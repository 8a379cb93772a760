package dev.orbit.internal.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.orbit.internal.memory.BufferAccess;
import dev.orbit.ring.Frame;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Loss;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Poll;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.RingDescriptor;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.RingStats;
import dev.orbit.ring.StartPosition;
import dev.orbit.testsupport.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingTest {

    private static final Runnable NO_HOOK = () -> {
    };

    /** Runs mid-write in every write through this test's rings (between their stores and their commit). */
    private volatile Runnable midWrite = NO_HOOK;

    private final ManualClock clock = new ManualClock(0);

    @AfterEach
    void clearHook() {
        midWrite = NO_HOOK;
    }

    private static ByteBuffer memory(final RingSpec spec, final int kind) {
        final ByteBuffer buffer = ByteBuffer.allocateDirect((int)spec.length() + 64).alignedSlice(64)
            .order(ByteOrder.LITTLE_ENDIAN);
        Rings.initialise(buffer, kind, spec);
        return buffer;
    }

    private BufferRing ring(final ByteBuffer memory, final int node, final OwnerLiveness liveness) {
        return new RingSeams.PausingRing(memory, null, null, node, liveness, clock, 1000, true,
            () -> midWrite.run());
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadBackWhatWasPublished() {
        final Ring ring = Rings.allocate(7, RingSpec.of(8, 64), 3, clock, 1000);

        final long id = ring.publish(5, 42L, bytes("hello"));

        assertThat(NetId64.kind(id)).isEqualTo(7);
        assertThat(NetId64.node(id)).isEqualTo(3);
        assertThat(NetId64.counter(id)).isZero();
        final Frame frame = ring.read(id).orElseThrow();
        assertThat(frame.frameKind()).isEqualTo(5);
        assertThat(frame.version()).isEqualTo(42L);
        assertThat(frame.payload()).isEqualTo(bytes("hello"));
        assertThat(ring.readAt(0)).contains(frame);
        assertThat(ring.readHead()).contains(frame);
        assertThat(ring.head()).isEqualTo(1);
    }

    @Test
    void shouldReturnEmptyWhenFrameWasOverwritten() {
        final Ring ring = Rings.allocate(7, RingSpec.of(4, 16), 0, clock, 1000);
        final long first = ring.publish(0, 0, bytes("a"));
        for (int i = 0; i < 4; i++) {
            ring.publish(0, 0, bytes("b"));
        }

        assertThat(ring.read(first)).isEmpty();
        assertThat(ring.readAt(0)).isEmpty();
        assertThat(ring.readAt(4)).isPresent();
        assertThat(ring.readAt(5)).isEmpty();
    }

    @Test
    void shouldRejectPayloadLargerThanSlotNamingLengths() {
        final Ring ring = Rings.allocate(9, RingSpec.of(4, 16), 0, clock, 1000);

        assertThatThrownBy(() -> ring.publish(0, 0, new byte[17]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("payload too large: length=17, payloadCapacity=16, kind=9");
        assertThatThrownBy(() -> ring.publish(256, 0, new byte[1])).hasMessageContaining("frameKind=256");
        assertThat(ring.head()).isZero();
    }

    @Test
    void shouldIgnoreIdOfAnotherKindOrNode() {
        final Ring ring = Rings.allocate(7, RingSpec.of(8, 16), 3, clock, 1000);
        final long id = ring.publish(0, 0, bytes("x"));

        assertThat(ring.read(NetId64.of(8, 3, 0))).isEmpty();
        assertThat(ring.read(NetId64.of(7, 4, 0))).isEmpty();
        assertThat(ring.read(NetId64.NULL)).isEmpty();
        assertThat(ring.read(id)).isPresent();
    }

    @Test
    void shouldPublishBatchAtConsecutiveCounters() {
        final Ring ring = Rings.allocate(7, RingSpec.of(8, 16), 1, clock, 1000);
        ring.publish(0, 0, bytes("first"));

        final long[] ids = ring.publishBatch(2, 9, List.of(bytes("a"), bytes("b"), bytes("c")));

        assertThat(java.util.Arrays.stream(ids).map(NetId64::counter).toArray()).containsExactly(1L, 2L, 3L);
        assertThat(ring.read(ids[2]).orElseThrow().payload()).isEqualTo(bytes("c"));
        assertThatThrownBy(() -> ring.publishBatch(0, 0, List.of(new byte[1], new byte[17])))
            .hasMessageContaining("length=17");
        assertThat(ring.head()).isEqualTo(4);
    }

    @Test
    void shouldDeliverEveryFrameToCursorFromEarliest() {
        final Ring ring = Rings.allocate(7, RingSpec.of(16, 16), 1, clock, 1000);
        for (int i = 0; i < 10; i++) {
            ring.publish(0, i, bytes("f" + i));
        }
        final RingCursor cursor = ring.cursor(StartPosition.EARLIEST);

        final Poll poll = cursor.poll(100);

        assertThat(poll.frames()).extracting(Frame::version).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(poll.loss()).isEqualTo(Loss.NONE);
        assertThat(cursor.lag()).isZero();
        assertThat(ring.cursor(StartPosition.LATEST).poll(100).frames()).isEmpty();
    }

    @Test
    void shouldCountExactlyWhatALappedCursorMissed() {
        final Ring ring = Rings.allocate(7, RingSpec.of(16, 16), 1, clock, 1000);
        final RingCursor cursor = ring.cursor(StartPosition.LATEST);
        for (int i = 0; i < 50; i++) {
            ring.publish(0, i, bytes("x"));
        }

        final Poll poll = cursor.poll(1000);

        assertThat(poll.frames()).hasSize(16);
        assertThat(poll.frames().get(0).version()).isEqualTo(34L);
        assertThat(poll.loss()).isEqualTo(new Loss(34, 0));
        assertThat(cursor.delivered() + cursor.loss().total()).isEqualTo(50);
    }

    @Test
    void shouldNeverLetStalledWriterMixIntoANewerFrame() throws Exception {
        final ByteBuffer memory = memory(RingSpec.of(4, 32), 7);
        final BufferRing stalled = ring(memory, 1, OwnerLiveness.neverGone());
        final BufferRing other = ring(memory, 2, OwnerLiveness.neverGone());
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        midWrite = () -> {
            if (Thread.currentThread().getName().equals("stalled-writer")) {
                inside.countDown();
                await(resume);
            }
        };
        final AtomicLong stalledId = new AtomicLong();
        final Thread writer = new Thread(() -> stalledId.set(stalled.publish(0, 1, payload('S', 32))), "stalled-writer");
        writer.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        final List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(other.publish(0, 2, payload((char)('a' + i), 32)));
        }
        resume.countDown();
        writer.join(10_000);

        assertThat(stalledId.get()).isNotEqualTo(NetId64.NULL);
        final BufferRing.FrameCapture capture = new BufferRing.FrameCapture();
        assertThat(other.tryRead(0, capture, other.newScratch())).isEqualTo(BufferRing.DELIVERED);
        assertThat(capture.frame.payload()).isEqualTo(payload('S', 32));
        assertThat(ids.stream().filter(id -> id == NetId64.NULL)).hasSize(3);
        assertThat(other.stats().busyWrites()).isEqualTo(3);
        for (final long id : ids) {
            if (id != NetId64.NULL) {
                final Frame frame = other.read(id).orElse(null);
                if (frame != null) {
                    assertUniform(frame.payload());
                }
            }
        }
    }

    @Test
    void shouldNotDeliverFrameOfDeadWriterAndLetLaterWriterTakeTheSlot() {
        final ByteBuffer memory = memory(RingSpec.of(4, 16), 7);
        final Set<Integer> gone = ConcurrentHashMap.newKeySet();
        final BufferRing dying = ring(memory, 5, gone::contains);
        final BufferRing survivor = ring(memory, 6, gone::contains);
        final RingCursor cursor = survivor.cursor(StartPosition.LATEST);
        midWrite = () -> {
            throw new SimulatedDeath();
        };
        assertThatThrownBy(() -> dying.publish(0, 0, payload('D', 16))).isInstanceOf(SimulatedDeath.class);
        midWrite = NO_HOOK;
        survivor.publish(0, 0, payload('a', 16));

        assertThat(cursor.poll(10).frames()).hasSize(1);
        assertThat(cursor.pendingCount()).isEqualTo(1);

        gone.add(5);
        assertThat(cursor.poll(10).loss()).isEqualTo(new Loss(0, 1));
        assertThat(cursor.pendingCount()).isZero();
        assertThat(survivor.readAt(0)).isEmpty();

        for (int i = 0; i < 4; i++) {
            assertThat(survivor.publish(0, 0, payload((char)('b' + i), 16))).isNotEqualTo(NetId64.NULL);
        }
        assertThat(survivor.stats().takeovers()).isEqualTo(1);
        assertThat(survivor.readAt(4).orElseThrow().payload()).isEqualTo(payload('d', 16));
        assertThat(cursor.poll(10).frames()).hasSize(4);
        assertThat(cursor.delivered() + cursor.loss().total() + cursor.pendingCount()).isEqualTo(cursor.position());
    }

    @Test
    void shouldExpireReservationThatNeverClaimedItsSlotAndTellTheLateWriterItLost() {
        final ByteBuffer memory = memory(RingSpec.of(8, 16), 7);
        final BufferRing ring = ring(memory, 1, OwnerLiveness.neverGone());
        final RingCursor cursor = ring.cursor(StartPosition.LATEST);
        final long reserved = BufferAccess.getAndAddLong(memory, RingDescriptor.HEAD_OFFSET, 1L);
        ring.publish(0, 0, payload('x', 16));

        assertThat(cursor.poll(10).frames()).hasSize(1);
        assertThat(cursor.pendingCount()).isEqualTo(1);
        clock.advance(999);
        assertThat(cursor.poll(10).loss()).isEqualTo(Loss.NONE);
        clock.advance(1);
        assertThat(cursor.poll(10).loss()).isEqualTo(new Loss(0, 1));
        assertThat(ring.stats().abandoned()).isEqualTo(1);

        final long late = RingSeams.publishAt(ring, reserved, payload('L', 16));
        assertThat(late).isEqualTo(NetId64.NULL);
        assertThat(ring.stats().lostWrites()).isEqualTo(1);
        assertThat(ring.readAt(reserved)).isEmpty();
    }

    @Test
    void shouldDeliverLateCommitFromPendingSet() {
        final ByteBuffer memory = memory(RingSpec.of(8, 16), 7);
        final BufferRing ring = ring(memory, 1, OwnerLiveness.neverGone());
        final RingCursor cursor = ring.cursor(StartPosition.LATEST);
        final long reserved = BufferAccess.getAndAddLong(memory, RingDescriptor.HEAD_OFFSET, 1L);
        ring.publish(0, 0, payload('x', 16));
        assertThat(cursor.poll(10).frames()).hasSize(1);

        assertThat(RingSeams.publishAt(ring, reserved, payload('L', 16))).isNotEqualTo(NetId64.NULL);

        final Poll poll = cursor.poll(10);
        assertThat(poll.frames()).singleElement().extracting(Frame::payload).isEqualTo(payload('L', 16));
        assertThat(cursor.delivered()).isEqualTo(2);
        assertThat(cursor.loss()).isEqualTo(Loss.NONE);
    }

    @Test
    void shouldWaitAtNewestReservationWithoutParkingIt() {
        final ByteBuffer memory = memory(RingSpec.of(8, 16), 7);
        final BufferRing ring = ring(memory, 1, OwnerLiveness.neverGone());
        final RingCursor cursor = ring.cursor(StartPosition.LATEST);
        final long reserved = BufferAccess.getAndAddLong(memory, RingDescriptor.HEAD_OFFSET, 1L);

        assertThat(cursor.poll(10).frames()).isEmpty();
        assertThat(cursor.pendingCount()).isZero();
        assertThat(cursor.position()).isEqualTo(reserved);
        assertThat(cursor.lag()).isEqualTo(1);

        RingSeams.publishAt(ring, reserved, payload('a', 16));
        ring.publish(0, 0, payload('b', 16));
        assertThat(cursor.poll(10).frames()).extracting(Frame::payload)
            .containsExactly(payload('a', 16), payload('b', 16));
        assertThat(cursor.loss()).isEqualTo(Loss.NONE);
    }

    @Test
    void shouldKeepWaitingPastTimeoutForLiveWriterStillWritingThenDeliver() throws Exception {
        final ByteBuffer memory = memory(RingSpec.of(8, 16), 7);
        final BufferRing stalled = ring(memory, 1, OwnerLiveness.neverGone());
        final BufferRing other = ring(memory, 2, OwnerLiveness.neverGone());
        final RingCursor cursor = other.cursor(StartPosition.LATEST);
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        midWrite = () -> {
            if (Thread.currentThread().getName().equals("stalled-writer")) {
                inside.countDown();
                await(resume);
            }
        };
        final AtomicLong stalledId = new AtomicLong();
        final Thread writer = new Thread(() -> stalledId.set(stalled.publish(0, 1, payload('S', 16))), "stalled-writer");
        writer.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        other.publish(0, 2, payload('o', 16));
        assertThat(cursor.poll(10).frames()).hasSize(1);
        assertThat(cursor.pendingCount()).isEqualTo(1);

        clock.advance(5_000);
        assertThat(cursor.poll(10).loss()).isEqualTo(Loss.NONE);
        assertThat(cursor.pendingCount()).isEqualTo(1);

        resume.countDown();
        writer.join(10_000);
        assertThat(stalledId.get()).isNotEqualTo(NetId64.NULL);
        assertThat(cursor.poll(10).frames()).singleElement().extracting(Frame::payload).isEqualTo(payload('S', 16));
        assertThat(cursor.loss()).isEqualTo(Loss.NONE);
    }

    @Test
    void shouldGiveUpNewestReservationWhoseWriterNeverClaimedItAfterTimeout() {
        final ByteBuffer memory = memory(RingSpec.of(8, 16), 7);
        final BufferRing ring = ring(memory, 1, OwnerLiveness.neverGone());
        final RingCursor cursor = ring.cursor(StartPosition.LATEST);
        final long reserved = BufferAccess.getAndAddLong(memory, RingDescriptor.HEAD_OFFSET, 1L);

        assertThat(cursor.poll(10).frames()).isEmpty();
        clock.advance(999);
        assertThat(cursor.poll(10).loss()).isEqualTo(Loss.NONE);
        assertThat(cursor.position()).isEqualTo(reserved);
        clock.advance(1);

        assertThat(cursor.poll(10).loss()).isEqualTo(new Loss(0, 1));
        assertThat(cursor.position()).isEqualTo(reserved + 1);
        assertThat(RingSeams.publishAt(ring, reserved, payload('L', 16))).isEqualTo(NetId64.NULL);
    }

    @Test
    void shouldRejectOffsetsOutsideTheSourceBeforeReservingAnything() {
        final Ring ring = Rings.allocate(7, RingSpec.of(16, 32), 1, clock, 1000);

        assertThatThrownBy(() -> ring.publish(0, 0L, new byte[8], 4, 8)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ring.publish(0, 0L, ByteBuffer.allocateDirect(8), 4, 8))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(ring.head()).isZero();
        for (int i = 0; i < 32; i++) {
            assertThat(ring.publish(0, 0L, new byte[8], 0, 8)).isNotEqualTo(NetId64.NULL);
        }
        assertThat(ring.stats().busyWrites()).isZero();
    }

    @Test
    void shouldCountWriteLappedBeforeItStarted() {
        final ByteBuffer memory = memory(RingSpec.of(4, 16), 7);
        final BufferRing ring = ring(memory, 1, OwnerLiveness.neverGone());
        final long reserved = BufferAccess.getAndAddLong(memory, RingDescriptor.HEAD_OFFSET, 1L);
        for (int i = 0; i < 4; i++) {
            ring.publish(0, 0, payload('n', 16));
        }

        assertThat(RingSeams.publishAt(ring, reserved, payload('L', 16))).isEqualTo(NetId64.NULL);
        assertThat(ring.stats().lostWrites()).isEqualTo(1);
        assertThat(ring.readAt(4).orElseThrow().payload()).isEqualTo(payload('n', 16));
    }

    @Test
    void shouldDropEverythingOnResetAndKeepCounting() {
        final Ring ring = Rings.allocate(7, RingSpec.of(8, 16), 1, clock, 1000);
        final long id = ring.publish(0, 0, bytes("a"));
        final RingCursor cursor = ring.cursor(StartPosition.EARLIEST);

        ring.reset();

        assertThat(ring.read(id)).isEmpty();
        assertThat(ring.readHead()).isEmpty();
        assertThat(ring.stats().floor()).isEqualTo(1);
        assertThat(cursor.poll(10).loss().overwritten()).isEqualTo(1);
        final long next = ring.publish(0, 0, bytes("b"));
        assertThat(NetId64.counter(next)).isEqualTo(1);
        assertThat(cursor.poll(10).frames()).hasSize(1);
    }

    @Test
    void shouldNeverAcceptInvalidFrameUnderConcurrentWritersAndReaders() throws Exception {
        final ByteBuffer memory = memory(RingSpec.of(64, 64), 7);
        final int writers = 4;
        final int perWriter = 50_000;
        final AtomicInteger invalid = new AtomicInteger();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final List<Thread> threads = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(writers);
        for (int w = 0; w < writers; w++) {
            final BufferRing ring = ring(memory, w, OwnerLiveness.neverGone());
            threads.add(new Thread(() -> {
                final ByteBuffer payload = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < perWriter; i++) {
                    final long head = ring.head();
                    fill(payload, NetId64.pack(7, ring.node(), head));
                    if (ring.publish(0, 0, payload, 0, 64) == NetId64.NULL) {
                        lost.incrementAndGet();
                    }
                }
                done.countDown();
            }));
        }
        final BufferRing readerRing = ring(memory, 9, OwnerLiveness.neverGone());
        final RingCursor cursor = readerRing.cursor(StartPosition.EARLIEST);
        final FrameHandler validator = (id, frameKind, version, buffer, offset, length) -> {
            accepted.incrementAndGet();
            if (length != 64 || !selfConsistent(buffer, offset)) {
                invalid.incrementAndGet();
            }
        };
        threads.forEach(Thread::start);
        while (done.getCount() > 0) {
            cursor.poll(validator, 256);
            readerRing.readHead(validator);
        }
        for (final Thread thread : threads) {
            thread.join();
        }
        cursor.poll(validator, Integer.MAX_VALUE);
        clock.advance(10_000);
        cursor.poll(validator, Integer.MAX_VALUE);

        assertThat(invalid.get()).isZero();
        assertThat(accepted.get()).isPositive();
        assertThat(readerRing.head()).isEqualTo((long)writers * perWriter);
        assertThat(cursor.pendingCount()).isZero();
        assertThat(cursor.delivered() + cursor.loss().total()).isEqualTo(readerRing.head());
        final RingStats stats = readerRing.stats();
        assertThat(stats.lostWrites() + stats.busyWrites()).isEqualTo(lost.get());
    }

    static void fill(final ByteBuffer payload, final long seed) {
        payload.putLong(0, seed);
        for (int i = 1; i < 8; i++) {
            payload.putLong(i * 8, seed ^ (i * 0x9E3779B97F4A7C15L));
        }
    }

    static boolean selfConsistent(final ByteBuffer buffer, final int offset) {
        final long seed = buffer.getLong(offset);
        for (int i = 1; i < 8; i++) {
            if (buffer.getLong(offset + i * 8) != (seed ^ (i * 0x9E3779B97F4A7C15L))) {
                return false;
            }
        }
        return true;
    }

    /** Stands for a process killed between claiming its slot and committing. */
    static final class SimulatedDeath extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static byte[] payload(final char c, final int length) {
        final byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte)c);
        return bytes;
    }

    private static void assertUniform(final byte[] bytes) {
        for (final byte b : bytes) {
            assertThat(b).isEqualTo(bytes[0]);
        }
    }

    private static void await(final CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
