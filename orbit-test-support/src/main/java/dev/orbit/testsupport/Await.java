package dev.orbit.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one deadline poll: waits for a condition by polling it, parked between polls with a backoff from 100 us to
 * 20 ms, and fails with an {@link AssertionError} naming what it waited for once the deadline passes. Tests wait
 * for outcomes this way, never by sleeping a guessed time, so they hold on a loaded machine: give generous
 * deadlines, they cost nothing when the condition holds early.
 */
public final class Await {

    private static final long MIN_PARK_NANOS = 100_000;

    private static final long MAX_PARK_NANOS = 20_000_000;

    private Await() {
    }

    /**
     * @param timeout   the longest wait.
     * @param condition polled until it holds.
     * @param what      what is awaited, for the failure message.
     * @throws AssertionError when the condition does not hold within the timeout.
     */
    public static void until(final Duration timeout, final BooleanSupplier condition, final String what) {
        value(timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null, value -> true, what);
    }

    /**
     * @param timeout  the longest wait.
     * @param supplier polled until it returns a value that {@code done} accepts ({@code null} is never accepted).
     * @param done     whether a value is the one awaited.
     * @param what     what is awaited, for the failure message.
     * @param <T>      the value's type.
     * @return the first accepted value.
     * @throws AssertionError when no value is accepted within the timeout, naming the last one seen.
     */
    public static <T> T value(final Duration timeout, final Supplier<T> supplier, final Predicate<? super T> done,
        final String what) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long parkNanos = MIN_PARK_NANOS;
        T last;
        while (true) {
            last = supplier.get();
            if (last != null && done.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what +
                    (last == null ? "" : "; last value: " + last));
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("interrupted while waiting for " + what);
            }
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos * 2, MAX_PARK_NANOS);
        }
    }
}
