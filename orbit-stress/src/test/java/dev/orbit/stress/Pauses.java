package dev.orbit.stress;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Deliberate, timed pauses: how long a process stays stopped with {@code SIGSTOP}, or the gap between two
 * churn events of the soak. Never used to wait for something to happen; those waits poll with a deadline
 * ({@link Observer#await}).
 */
final class Pauses {

    private Pauses() {
    }

    /**
     * @param length how long the pause lasts.
     */
    static void deliberate(final Duration length) {
        final long deadline = System.nanoTime() + length.toNanos();
        for (long left = length.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted during a deliberate pause of " + length);
            }
        }
    }
}
