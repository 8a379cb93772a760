package dev.orbit.sample;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Polls a probe until its value satisfies a condition or a deadline passes; never sleeps to "let things settle".
 */
final class Await {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Await() {
    }

    /**
     * @param what    what is awaited, for the failure message.
     * @param timeout the deadline.
     * @param probe   reads the current value; an exception counts as "not yet".
     * @param done    the condition.
     * @param <T>     the value type.
     * @return the first value that satisfied the condition.
     * @throws AssertionError naming what, the timeout, the last value and the last exception.
     */
    static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastError = null;
        while (true) {
            try {
                last = probe.call();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            }
            catch (Exception ex) {
                lastError = ex;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what
                        + "; last value: " + last + ((lastError != null) ? "; last error: " + lastError : ""));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * @param what    what is awaited.
     * @param timeout the deadline.
     * @param probe   true when done; an exception counts as "not yet".
     */
    static void until(String what, Duration timeout, Callable<Boolean> probe) {
        until(what, timeout, probe, Boolean.TRUE::equals);
    }

}
