package dev.orbit.stress;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.orbit.fleet.Fleet;

/**
 * The test JVM's own handle on a child fleet, to watch heads, stats and membership, and the one polling
 * helper every test uses instead of sleeping.
 */
final class Observer {

    private Observer() {
    }

    static Fleet join(final ShmScope scope) {
        return scope.track(Fleet.builder()
            .name(scope.fleet())
            .size(64)
            .directory(ShmScope.SHM)
            .label("test-observer")
            .pendingTimeout(Duration.ofMillis(300))
            .joinShm());
    }

    /**
     * Polls {@code condition} every millisecond until it holds.
     *
     * @throws AssertionError naming {@code what} at the deadline.
     */
    static void await(final String what, final Duration timeout, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }
}
