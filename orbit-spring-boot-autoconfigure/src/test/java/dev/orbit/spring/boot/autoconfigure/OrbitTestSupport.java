package dev.orbit.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import dev.orbit.spring.boot.autoconfigure.cache.OrbitCacheAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.cache.OrbitCacheMetricsAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.claim.OrbitClaimAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.endpoint.OrbitEndpointAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.health.OrbitHealthContributorAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.listener.OrbitListenerAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.metrics.OrbitMetricsAutoConfiguration;
import org.agrona.concurrent.EpochClock;

import org.springframework.boot.autoconfigure.AutoConfigurations;

/**
 * Shared helpers of the auto-configuration tests.
 */
public final class OrbitTestSupport {

    private OrbitTestSupport() {
    }

    /**
     * @return every Orbit auto-configuration.
     */
    public static AutoConfigurations orbitAutoConfigurations() {
        return AutoConfigurations.of(OrbitAutoConfiguration.class, OrbitCacheAutoConfiguration.class,
                OrbitCacheMetricsAutoConfiguration.class, OrbitClaimAutoConfiguration.class,
                OrbitListenerAutoConfiguration.class, OrbitHealthContributorAutoConfiguration.class,
                OrbitMetricsAutoConfiguration.class, OrbitEndpointAutoConfiguration.class);
    }

    /**
     * @return a fleet name no other test uses.
     */
    public static String uniqueFleetName() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * @param properties extra properties.
     * @return properties for an in-process fleet with a unique name, then {@code properties}.
     */
    public static String[] inProcess(String... properties) {
        String[] all = new String[properties.length + 2];
        all[0] = "orbit.shm.enabled=false";
        all[1] = "orbit.fleet.name=" + uniqueFleetName();
        System.arraycopy(properties, 0, all, 2, properties.length);
        return all;
    }

    /**
     * Polls a condition until it holds or the timeout passes.
     *
     * @param timeout   longest wait.
     * @param condition the condition.
     * @param message   describes what was awaited, for the failure.
     */
    public static void await(Duration timeout, BooleanSupplier condition, String message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long parkNanos = 100_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + message);
            }
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos * 2, 20_000_000);
        }
    }

    /**
     * A clock tests move by hand; it starts at the time it was created (the contest refuses clocks before 2024).
     */
    public static final class ManualClock implements EpochClock {

        private final AtomicLong now = new AtomicLong(System.currentTimeMillis());

        @Override
        public long time() {
            return this.now.get();
        }

        /**
         * @param duration how far to move.
         */
        public void advance(Duration duration) {
            this.now.addAndGet(duration.toMillis());
        }

    }

}
