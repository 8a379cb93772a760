package dev.orbit.spring.boot.autoconfigure.health;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitHeartbeatProperties;
import dev.orbit.spring.health.OrbitHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@link OrbitHealthIndicator} ({@code management.health.orbit.enabled} turns it off).
 */
@AutoConfiguration(after = OrbitAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
@ConditionalOnBean(Fleet.class)
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
public final class OrbitHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "orbitHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("orbit")
    OrbitHealthIndicator orbitHealthIndicator(Fleet fleet, OrbitHeartbeatProperties heartbeat) {
        return new OrbitHealthIndicator(fleet, heartbeat.getMaxAge());
    }

}
