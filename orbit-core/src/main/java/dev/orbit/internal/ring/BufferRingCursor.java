package dev.orbit.internal.ring;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.orbit.ring.Frame;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Loss;
import dev.orbit.ring.Poll;
import dev.orbit.ring.RingCursor;

/**
 * Cursor over a {@link BufferRing}. The newest reserved position is never parked: while nothing was reserved
 * after it the cursor simply stays there, so a reader that keeps up delivers in ring order and parks a position
 * only when a later one could otherwise be held up by it.
 * <p>
 * <b>Every reader classifies a position the same way.</b> A position is counted unavailable only when the ring
 * says it will never hold a frame: it is ABANDONED (a reader's cancel succeeded, or its writer failed), or its
 * writer is gone. A position that falls out of the ring's window before it was read is counted overwritten,
 * whether it was pending or not. A position still WRITING by a live writer is never given up: it stays parked
 * until it commits (delivered) or the ring laps it (overwritten). The pending set therefore has no fixed limit;
 * it grows as needed and holds at most about one ring capacity of positions, since every poll first drops the
 * parked positions the ring has lapped.
 */
final class BufferRingCursor implements RingCursor {

    /** Initial size of the pending set; it doubles when full. */
    static final int INITIAL_PENDING = 64;

    private final BufferRing ring;
    private final ByteBuffer copy;
    private final long capacity;
    private long[] pending = new long[INITIAL_PENDING];
    private long[] pendingSince = new long[INITIAL_PENDING];
    private int pendingCount;
    private long position;
    private long delivered;
    private long overwritten;
    private long unavailable;
    private long reportedOverwritten;
    private long reportedUnavailable;
    private long newestWaitPosition = -1;
    private long newestWaitSince;
    private final WakeHub hub;
    private final WakeHub.Waiter waiter;
    private final BooleanSupplier ready = this::ready;
    private volatile boolean wakeUpRequested;

    BufferRingCursor(final BufferRing ring, final long position) {
        this.ring = ring;
        this.copy = ring.newScratch();
        this.capacity = ring.capacity();
        this.position = position;
        this.hub = ring.wakeHub();
        this.waiter = hub.newWaiter(ring);
    }

    @Override
    public boolean awaitFrames(final long timeoutNanos) {
        try {
            long bound = timeoutNanos;
            if (pendingCount > 0 || position < ring.head()) {
                // Something reserved has not committed: its timeout, not a nudge, may be what ends the wait.
                bound = Math.min(bound, TimeUnit.MILLISECONDS.toNanos(Math.max(1L, ring.pendingTimeoutMs())));
            }
            return hub.await(waiter, bound, ready);
        }
        catch (final InternalError fault) {
            throw ring.faulted(fault);
        }
    }

    @Override
    public void wakeUp() {
        wakeUpRequested = true;
        hub.wakeUp(waiter);
    }

    /**
     * Whether a poll would deliver or settle something now; asked after the ring was marked asleep, so its loads are
     * volatile.
     */
    private boolean ready() {
        if (wakeUpRequested) {
            wakeUpRequested = false;
            return true;
        }
        final long head = ring.headVolatile();
        if (position < head && (position < head - 1 || ring.peek(position) != BufferRing.PENDING)) {
            // A later reservation lets a poll park this position and move on; or this one has an outcome.
            return true;
        }
        for (int i = 0; i < pendingCount; i++) {
            if (ring.peek(pending[i]) != BufferRing.PENDING) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int poll(final FrameHandler handler, final int limit) {
        try {
            return pollFrames(handler, limit);
        }
        catch (final InternalError fault) {
            throw ring.faulted(fault);
        }
    }

    private int pollFrames(final FrameHandler handler, final int limit) {
        int count = 0;
        long head = ring.head();
        if (pendingCount > 0) {
            count += recheckPending(handler, head);
        }
        long oldest = ring.oldestRetained(head);
        if (position < oldest) {
            overwritten += oldest - position;
            position = oldest;
        }
        while (position < head && count < limit) {
            switch (ring.tryRead(position, handler, copy)) {
                case BufferRing.DELIVERED:
                    delivered++;
                    count++;
                    position++;
                    break;
                case BufferRing.OVERWRITTEN:
                    head = Math.max(head, ring.head());
                    oldest = ring.oldestRetained(head);
                    final long next = Math.max(position + 1, oldest);
                    overwritten += next - position;
                    position = next;
                    break;
                case BufferRing.UNAVAILABLE:
                    unavailable++;
                    position++;
                    break;
                default:
                    if (position == head - 1) {
                        final int settled = settleNewest();
                        if (settled == BufferRing.PENDING) {
                            return count;
                        }
                        count(settled);
                        position++;
                        break;
                    }
                    park(position);
                    position++;
                    break;
            }
        }
        return count;
    }

    /**
     * The cursor waits at the newest reservation instead of parking it; past the pending timeout it settles it
     * like a parked position.
     *
     * @return PENDING to keep waiting (also when it committed meanwhile: the next poll delivers it), or the loss to
     *     count.
     */
    private int settleNewest() {
        final long now = ring.clock().time();
        if (newestWaitPosition != position) {
            newestWaitPosition = position;
            newestWaitSince = now;
            return BufferRing.PENDING;
        }
        if (now - newestWaitSince < ring.pendingTimeoutMs()) {
            return BufferRing.PENDING;
        }
        return ring.settle(position);
    }

    private int recheckPending(final FrameHandler handler, final long head) {
        final long now = ring.clock().time();
        final long oldest = ring.oldestRetained(head);
        int count = 0;
        int i = 0;
        while (i < pendingCount) {
            final long p = pending[i];
            int result = p < oldest ? BufferRing.OVERWRITTEN : ring.tryRead(p, handler, copy);
            if (result == BufferRing.PENDING) {
                if (now - pendingSince[i] < ring.pendingTimeoutMs()) {
                    i++;
                    continue;
                }
                result = ring.settle(p);
                if (result == BufferRing.PENDING) {
                    // Still WRITING by a live owner, or committed since the read above: the next poll sees which.
                    i++;
                    continue;
                }
            }
            if (result == BufferRing.DELIVERED) {
                delivered++;
                count++;
            }
            else {
                count(result);
            }
            removePending(i);
        }
        return count;
    }

    private void count(final int loss) {
        if (loss == BufferRing.OVERWRITTEN) {
            overwritten++;
        }
        else {
            unavailable++;
        }
    }

    private void park(final long p) {
        if (pendingCount == pending.length) {
            pending = Arrays.copyOf(pending, pendingCount * 2);
            pendingSince = Arrays.copyOf(pendingSince, pendingCount * 2);
        }
        pending[pendingCount] = p;
        pendingSince[pendingCount] = ring.clock().time();
        pendingCount++;
    }

    private void removePending(final int index) {
        final int last = pendingCount - 1;
        pending[index] = pending[last];
        pendingSince[index] = pendingSince[last];
        pendingCount = last;
    }

    @Override
    public Poll poll(final int limit) {
        final List<Frame> frames = new ArrayList<>();
        final BufferRing.FrameCapture capture = new BufferRing.FrameCapture();
        poll((id, frameKind, version, buffer, offset, length) -> {
            capture.onFrame(id, frameKind, version, buffer, offset, length);
            frames.add(capture.frame);
        }, limit);
        return new Poll(frames, lossSinceLastCall());
    }

    @Override
    public Loss lossSinceLastCall() {
        final Loss loss = new Loss(overwritten - reportedOverwritten, unavailable - reportedUnavailable);
        reportedOverwritten = overwritten;
        reportedUnavailable = unavailable;
        return loss;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public int pendingCount() {
        return pendingCount;
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public Loss loss() {
        return new Loss(overwritten, unavailable);
    }

    @Override
    public long lag() {
        return Math.max(0, ring.head() - position) + pendingCount;
    }

    @Override
    public String toString() {
        return "RingCursor(kind=" + ring.kind() + ", position=" + position + ", pending=" + pendingCount +
            ", delivered=" + delivered + ", overwritten=" + overwritten + ", unavailable=" + unavailable +
            ", capacity=" + capacity + ")";
    }
}
