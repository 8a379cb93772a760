package dev.orbit.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

/**
 * A clock that moves only when a test moves it, for every seam that takes an {@link EpochClock} or a
 * {@link NanoClock}: tests inject time and never sleep to wait for it. Both views move together; safe to read and
 * move from any thread.
 */
public final class ManualClock implements EpochClock, NanoClock {

    private final AtomicLong epochNanos;

    /**
     * A clock at the current wall-clock time (the contest refuses times before 2024, so 0 is no start).
     */
    public ManualClock() {
        this(System.currentTimeMillis());
    }

    /**
     * @param epochMs the time to start at, in epoch milliseconds.
     */
    public ManualClock(final long epochMs) {
        this.epochNanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(epochMs));
    }

    /**
     * @return the time in epoch milliseconds.
     */
    @Override
    public long time() {
        return TimeUnit.NANOSECONDS.toMillis(epochNanos.get());
    }

    /**
     * @return the time in nanoseconds since the epoch, moved by the same steps as {@link #time()}.
     */
    @Override
    public long nanoTime() {
        return epochNanos.get();
    }

    /**
     * Sets the time, forward or back (Agrona's {@code CachedEpochClock} calls this {@code update}).
     *
     * @param epochMs the new time in epoch milliseconds.
     */
    public void update(final long epochMs) {
        epochNanos.set(TimeUnit.MILLISECONDS.toNanos(epochMs));
    }

    /**
     * @param ms milliseconds to move forward (negative moves back).
     */
    public void advance(final long ms) {
        epochNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    /**
     * @param duration how far to move forward (negative moves back).
     */
    public void advance(final Duration duration) {
        epochNanos.addAndGet(duration.toNanos());
    }

    @Override
    public String toString() {
        return "ManualClock(time=" + time() + ")";
    }
}
