package dev.orbit.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;
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
     * @param condition polled until it holds; what it throws ends the wait at once.
     * @param what      what is awaited, for the failure message.
     * @throws AssertionError when the condition does not hold within the timeout.
     */
    public static void until(final Duration timeout, final BooleanSupplier condition, final String what) {
        until(timeout, condition, () -> what);
    }

    /**
     * @param timeout   the longest wait.
     * @param condition polled until it holds; what it throws ends the wait at once.
     * @param what      what is awaited, asked only when the wait fails, so that the message can tell the state seen
     *                  last (e.g. a component's stats).
     * @throws AssertionError when the condition does not hold within the timeout.
     */
    public static void until(final Duration timeout, final BooleanSupplier condition, final Supplier<String> what) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long parkNanos = MIN_PARK_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            parkNanos = park(parkNanos, what);
        }
    }

    /**
     * @param timeout the longest wait.
     * @param probe   polled until it returns a value that {@code done} accepts; an exception it throws (a server
     *                still starting) counts as "not yet", and so does {@code null}.
     * @param done    whether a value is the one awaited.
     * @param what    what is awaited, for the failure message.
     * @param <T>     the value's type.
     * @return the first accepted value.
     * @throws AssertionError when no value is accepted within the timeout, naming the last value and the last
     *                        exception (its cause).
     */
    public static <T> T value(final Duration timeout, final Callable<T> probe, final Predicate<? super T> done,
        final String what) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long parkNanos = MIN_PARK_NANOS;
        T last = null;
        Exception lastError = null;
        while (true) {
            try {
                last = probe.call();
                lastError = null;
                if (last != null && done.test(last)) {
                    return last;
                }
            }
            catch (final Exception ex) {
                lastError = ex;
            }
            if (System.nanoTime() - deadline > 0) {
                final AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what +
                    (last == null ? "" : "; last value: " + last) + (lastError == null ? "" : "; last error: " + lastError));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            parkNanos = park(parkNanos, () -> what);
        }
    }

    private static long park(final long parkNanos, final Supplier<String> what) {
        if (Thread.currentThread().isInterrupted()) {
            throw new AssertionError("interrupted while waiting for " + what.get());
        }
        LockSupport.parkNanos(parkNanos);
        return Math.min(parkNanos * 2, MAX_PARK_NANOS);
    }
}
