package dev.orbit.spring.boot.autoconfigure;

import java.util.UUID;

import org.springframework.boot.autoconfigure.AutoConfigurations;

import dev.orbit.spring.boot.autoconfigure.cache.OrbitCacheAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.cache.OrbitCacheMetricsAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.claim.OrbitClaimAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.endpoint.OrbitEndpointAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.health.OrbitHealthContributorAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.listener.OrbitListenerAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.metrics.OrbitMetricsAutoConfiguration;

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

}
