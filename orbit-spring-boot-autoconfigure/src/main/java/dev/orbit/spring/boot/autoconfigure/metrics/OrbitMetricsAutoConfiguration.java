package dev.orbit.spring.boot.autoconfigure.metrics;

import java.util.Collection;
import java.util.List;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitHeartbeatProperties;
import dev.orbit.spring.listener.OrbitListenerContainer;
import dev.orbit.spring.listener.OrbitListenerRegistry;
import dev.orbit.spring.metrics.OrbitMeterBinder;
import dev.orbit.spring.scheduling.OrbitScheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code orbit.*} meters when Micrometer and a {@code MeterRegistry} are present.
 */
@AutoConfiguration(after = OrbitAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnBean(value = Fleet.class, type = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
public final class OrbitMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OrbitMeterBinder orbitMeterBinder(Fleet fleet, OrbitHeartbeatProperties heartbeat, OrbitScheduler scheduler,
            ObjectProvider<OrbitListenerRegistry> listeners) {
        return new OrbitMeterBinder(fleet, heartbeat.getMaxAge(), scheduler, heartbeat.getInterval(),
                () -> containers(listeners.getIfAvailable()));
    }

    private static Collection<OrbitListenerContainer> containers(OrbitListenerRegistry registry) {
        return (registry != null) ? registry.getListenerContainers() : List.of();
    }

}
