package dev.orbit.spring.boot.autoconfigure.bridge;

import dev.orbit.redis.RedisBridge;
import dev.orbit.spring.bridge.BridgeLatency;
import dev.orbit.spring.bridge.OrbitBridgeMeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code orbit.bridge.*} meters when Micrometer and a {@code MeterRegistry} are present.
 */
@AutoConfiguration(after = OrbitBridgeAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = { "io.micrometer.core.instrument.binder.MeterBinder", "dev.orbit.redis.RedisBridge" })
@ConditionalOnBean(value = RedisBridge.class, type = "io.micrometer.core.instrument.MeterRegistry")
public final class OrbitBridgeMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OrbitBridgeMeterBinder orbitBridgeMeterBinder(RedisBridge bridge, ObjectProvider<BridgeLatency> latency,
            OrbitBridgeProperties properties) {
        return new OrbitBridgeMeterBinder(bridge, latency.getIfAvailable(), properties.getHostMaxAge());
    }

}
