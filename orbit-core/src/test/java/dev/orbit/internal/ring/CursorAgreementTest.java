package dev.orbit.internal.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.orbit.internal.memory.BufferAccess;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Loss;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.RingDescriptor;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.StartPosition;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readers agree: two cursors over one ring, one polling all along while writers stall, the other reading only at
 * the end, report the same frames and the same loss for every position.
 */
class CursorAgreementTest {

    private static final Runnable NO_HOOK = () -> {
    };

    /** Runs mid-write in every write through this test's rings (between their stores and their commit). */
    private volatile Runnable midWrite = NO_HOOK;

    private static final long TIMEOUT_MS = 1000;

    /** More stalled live writers than the pending set's initial size. */
    private static final int STALLED = BufferRingCursor.INITIAL_PENDING + 16;

    private final ManualClock clock = new ManualClock(0);
    private final Set<Integer> gone = ConcurrentHashMap.newKeySet();
    private final CountDownLatch resume = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        resume.countDown();
        release.countDown();
        for (final Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        }
        midWrite = NO_HOOK;
    }

    @Test
    void shouldReportTheSameSplitInEveryReaderWhileLiveWritersStall() throws Exception {
        final ByteBuffer memory = memory(RingSpec.of(1024, 16), 7);
        final BufferRing stalling = ring(memory, 1);
        final BufferRing other = ring(memory, 2);
        final BufferRing dying = ring(memory, 5);
        final RingCursor early = ring(memory, 9).cursor(StartPosition.LATEST);
        final RingCursor late = ring(memory, 10).cursor(StartPosition.LATEST);
        final Frames earlyFrames = new Frames();
        final Frames lateFrames = new Frames();
        midWrite = () -> {
            final String name = Thread.currentThread().getName();
            if (name.startsWith("stalled-")) {
                await(resume);
            }
            else if (name.equals("dead-writer")) {
                await(release);
            }
        };

        for (int i = 0; i < STALLED; i++) {
            startWriter("stalled-" + i, stalling, memory);
            other.publish(0, 0, payload('o'));
            early.poll(earlyFrames, Integer.MAX_VALUE);
        }
        final long neverClaimed = BufferAccess.getAndAddLong(memory, RingDescriptor.HEAD_OFFSET, 1L);
        other.publish(0, 0, payload('o'));
        startWriter("dead-writer", dying, memory);
        gone.add(5);
        other.publish(0, 0, payload('o'));
        early.poll(earlyFrames, Integer.MAX_VALUE);
        assertThat(early.loss()).as("the dead writer's position, at once").isEqualTo(new Loss(0, 1));
        assertThat(early.pendingCount()).isEqualTo(STALLED + 1);

        clock.advance(TIMEOUT_MS);
        early.poll(earlyFrames, Integer.MAX_VALUE);
        assertThat(early.loss()).as("only the reservation nobody claimed is given up, and the dead writer's slot")
            .isEqualTo(new Loss(0, 2));
        assertThat(early.pendingCount()).as("live writers' positions stay pending past the timeout").isEqualTo(STALLED);
        assertThat(other.readAt(neverClaimed)).isEmpty();

        resume.countDown();
        for (final Thread thread : threads) {
            if (thread.getName().startsWith("stalled-")) {
                thread.join(TimeUnit.MINUTES.toMillis(2));
            }
        }
        early.poll(earlyFrames, Integer.MAX_VALUE);
        late.poll(lateFrames, Integer.MAX_VALUE);

        final long positions = other.head();
        for (final RingCursor cursor : List.of(early, late)) {
            assertThat(cursor.pendingCount()).isZero();
            assertThat(cursor.delivered() + cursor.loss().total()).isEqualTo(positions);
        }
        assertThat(early.loss()).isEqualTo(late.loss()).isEqualTo(new Loss(0, 2));
        assertThat(earlyFrames.sortedIds()).hasSize(2 * STALLED + 2).isEqualTo(lateFrames.sortedIds());
    }

    @Test
    void shouldCountAPendingPositionTheRingLappedAsOverwrittenInEveryReader() throws Exception {
        final ByteBuffer memory = memory(RingSpec.of(8, 16), 7);
        final BufferRing stalling = ring(memory, 1);
        final BufferRing other = ring(memory, 2);
        final RingCursor early = ring(memory, 9).cursor(StartPosition.LATEST);
        final RingCursor late = ring(memory, 10).cursor(StartPosition.LATEST);
        final Frames earlyFrames = new Frames();
        final Frames lateFrames = new Frames();
        midWrite = () -> {
            if (Thread.currentThread().getName().startsWith("stalled-")) {
                await(resume);
            }
        };
        startWriter("stalled-0", stalling, memory);
        other.publish(0, 0, payload('o'));
        early.poll(earlyFrames, Integer.MAX_VALUE);
        assertThat(early.pendingCount()).isEqualTo(1);

        for (int i = 0; i < 20; i++) {
            other.publish(0, 0, payload('o'));
        }
        clock.advance(TIMEOUT_MS);
        early.poll(earlyFrames, Integer.MAX_VALUE);
        assertThat(early.loss()).as("position 0, still WRITING by its live writer, was lapped: overwritten")
            .isEqualTo(new Loss(13, 0));
        resume.countDown();
        threads.get(0).join(TimeUnit.MINUTES.toMillis(2));
        clock.advance(TIMEOUT_MS);
        early.poll(earlyFrames, Integer.MAX_VALUE);
        late.poll(lateFrames, Integer.MAX_VALUE);

        // Position 16's writer found slot 0 held by the stalled writer and lost as busy; once that writer committed,
        // the early reader's cancel of 16 succeeded, so both readers count 16 unavailable and nothing else.
        assertThat(early.pendingCount()).isZero();
        assertThat(early.loss().unavailable()).isEqualTo(late.loss().unavailable()).isEqualTo(1);
        assertThat(early.delivered() + early.loss().total()).isEqualTo(other.head());
        assertThat(late.delivered() + late.loss().total()).isEqualTo(other.head());
        assertThat(lateFrames.sortedIds()).isSubsetOf(earlyFrames.sortedIds());
    }

    private void startWriter(final String name, final BufferRing writer, final ByteBuffer memory) throws InterruptedException {
        final long before = BufferAccess.getLongVolatile(memory, RingDescriptor.HEAD_OFFSET);
        final Thread thread = new Thread(() -> writer.publish(0, 0, payload('s')), name);
        threads.add(thread);
        thread.start();
        final int slot = writer.slotOffset(before);
        Await.until(Duration.ofMinutes(2), () -> SeqWord.state(BufferAccess.getLongVolatile(memory, slot)) ==
            SeqWord.WRITING, "writer " + name + " to reach its slot");
    }

    private BufferRing ring(final ByteBuffer memory, final int node) {
        return new RingSeams.PausingRing(memory, null, null, node, gone::contains, clock, TIMEOUT_MS, true,
            () -> midWrite.run());
    }

    private static ByteBuffer memory(final RingSpec spec, final int kind) {
        final ByteBuffer buffer = ByteBuffer.allocateDirect((int)spec.length() + 64).alignedSlice(64)
            .order(ByteOrder.LITTLE_ENDIAN);
        Rings.initialise(buffer, kind, spec);
        return buffer;
    }

    private static byte[] payload(final char c) {
        final byte[] bytes = new byte[16];
        Arrays.fill(bytes, (byte)c);
        return bytes;
    }

    private static void await(final CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.MINUTES);
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ids a cursor delivered. */
    private static final class Frames implements FrameHandler {

        private final List<Long> ids = new ArrayList<>();

        @Override
        public void onFrame(
            final long id, final int frameKind, final long version, final ByteBuffer buffer, final int offset,
            final int length) {
            ids.add(id);
        }

        List<Long> sortedIds() {
            return ids.stream().sorted().toList();
        }
    }
}
