package dev.orbit.ring;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cursor over a {@link BufferRing}. Pending positions live in a fixed array; when it is full the oldest
 * pending position is given up as unavailable. The newest reserved position is never parked: while nothing
 * was reserved after it the cursor simply stays there, so a reader that keeps up delivers in ring order and
 * parks a position only when a later one could otherwise be held up by it.
 */
final class BufferRingCursor implements RingCursor {

    /** Most positions parked as pending at once. */
    static final int MAX_PENDING = 64;

    private final BufferRing ring;
    private final ByteBuffer copy;
    private final long[] pending = new long[MAX_PENDING];
    private final long[] pendingSince = new long[MAX_PENDING];
    private final long capacity;
    private int pendingCount;
    private long position;
    private long delivered;
    private long overwritten;
    private long unavailable;
    private long reportedOverwritten;
    private long reportedUnavailable;
    private long newestWaitPosition = -1;
    private long newestWaitSince;

    BufferRingCursor(final BufferRing ring, final long position) {
        this.ring = ring;
        this.copy = ring.newScratch();
        this.capacity = ring.capacity();
        this.position = position;
    }

    @Override
    public int poll(final FrameHandler handler, final int limit) {
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
                        if (!newestSettled()) {
                            return count;
                        }
                        unavailable++;
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
     * The cursor waits at the newest reservation instead of parking it; past the pending timeout it settles
     * it like a parked position.
     */
    private boolean newestSettled() {
        final long now = ring.clock().time();
        if (newestWaitPosition != position) {
            newestWaitPosition = position;
            newestWaitSince = now;
            return false;
        }
        return now - newestWaitSince >= ring.pendingTimeoutMs() && ring.cancel(position);
    }

    private int recheckPending(final FrameHandler handler, final long head) {
        final long now = ring.clock().time();
        final long oldest = ring.oldestRetained(head);
        int count = 0;
        int i = 0;
        while (i < pendingCount) {
            final long p = pending[i];
            final int result = p < oldest ? BufferRing.OVERWRITTEN : ring.tryRead(p, handler, copy);
            if (result == BufferRing.PENDING) {
                if (now - pendingSince[i] >= ring.pendingTimeoutMs() && ring.cancel(p)) {
                    unavailable++;
                    removePending(i);
                    continue;
                }
                i++;
                continue;
            }
            if (result == BufferRing.DELIVERED) {
                delivered++;
                count++;
            }
            else {
                unavailable++;
            }
            removePending(i);
        }
        return count;
    }

    private void park(final long p) {
        if (pendingCount == MAX_PENDING) {
            int oldestIndex = 0;
            for (int i = 1; i < pendingCount; i++) {
                if (pendingSince[i] < pendingSince[oldestIndex]) {
                    oldestIndex = i;
                }
            }
            ring.cancel(pending[oldestIndex]);
            unavailable++;
            removePending(oldestIndex);
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
