package dev.orbit.spring.boot.autoconfigure.bridge;

import dev.orbit.redis.RedisBridge;
import dev.orbit.spring.bridge.OrbitBridgeHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@link OrbitBridgeHealthIndicator} ({@code management.health.orbit-bridge.enabled} turns it off).
 */
@AutoConfiguration(after = OrbitBridgeAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.AbstractHealthIndicator",
        "dev.orbit.redis.RedisBridge" })
@ConditionalOnBean(RedisBridge.class)
public final class OrbitBridgeHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "orbitBridgeHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("orbit-bridge")
    OrbitBridgeHealthIndicator orbitBridgeHealthIndicator(RedisBridge bridge, OrbitBridgeProperties properties) {
        return new OrbitBridgeHealthIndicator(bridge, properties.getHostMaxAge());
    }

}
