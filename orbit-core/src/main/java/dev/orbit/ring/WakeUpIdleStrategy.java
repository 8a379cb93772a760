package dev.orbit.ring;

import java.time.Duration;
import java.util.Objects;

import org.agrona.concurrent.IdleStrategy;

/**
 * An Agrona {@link IdleStrategy} for the thread that polls one cursor: after a few spins it sleeps in
 * {@link RingCursor#awaitFrames(long)} until a publisher in any process commits to the ring, so an idle thread
 * costs no CPU and wakes in microseconds. The timeout is the safety net for a lost nudge.
 * <p>
 * {@link #wakeUp()} ends a sleep from another thread, to stop the polling thread: from then on every idle returns at
 * once, so the stopping thread never sleeps again. Make a new strategy to poll again.
 */
public final class WakeUpIdleStrategy implements IdleStrategy {

    /** Spins before the first sleep after work: a frame that follows within a microsecond or so needs no nudge. */
    public static final int DEFAULT_SPINS = 32;

    private final RingCursor cursor;
    private final long timeoutNanos;
    private final int maxSpins;
    private int spins;
    private volatile boolean stopped;

    /**
     * @param cursor  the cursor the thread polls.
     * @param timeout longest sleep (the safety timeout), at least 1 ms.
     * @param spins   spins after work before sleeping, 0 or more.
     */
    public WakeUpIdleStrategy(final RingCursor cursor, final Duration timeout, final int spins) {
        this.cursor = Objects.requireNonNull(cursor, "cursor");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("wake-up timeout must be at least 1 ms: timeout=" + timeout);
        }
        if (spins < 0) {
            throw new IllegalArgumentException("spins must not be negative: spins=" + spins);
        }
        this.timeoutNanos = timeout.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1).toNanos() : timeout.toNanos();
        this.maxSpins = spins;
    }

    @Override
    public void idle(final int workCount) {
        if (workCount > 0) {
            spins = 0;
            return;
        }
        idle();
    }

    @Override
    public void idle() {
        if (stopped) {
            return;
        }
        if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
            return;
        }
        cursor.awaitFrames(timeoutNanos);
    }

    @Override
    public void reset() {
        spins = 0;
    }

    /**
     * Ends the polling thread's sleep, and every later one: from then on an idle returns at once. Any thread; for
     * stopping the polling thread.
     */
    public void wakeUp() {
        stopped = true;
        cursor.wakeUp();
    }

    /**
     * @return the safety timeout in nanoseconds.
     */
    public long timeoutNanos() {
        return timeoutNanos;
    }

    @Override
    public String alias() {
        return "wake-up";
    }

    @Override
    public String toString() {
        return "WakeUpIdleStrategy(timeoutNanos=" + timeoutNanos + ", spins=" + maxSpins + ", stopped=" + stopped + ")";
    }
}
