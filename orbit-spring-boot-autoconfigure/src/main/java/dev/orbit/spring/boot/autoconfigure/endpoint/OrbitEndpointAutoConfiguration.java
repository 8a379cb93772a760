package dev.orbit.spring.boot.autoconfigure.endpoint;

import dev.orbit.contest.Contest;
import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitHeartbeatProperties;
import dev.orbit.spring.endpoint.OrbitEndpoint;
import dev.orbit.spring.listener.OrbitListenerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@link OrbitEndpoint} (expose it with {@code management.endpoints.web.exposure.include=orbit}).
 */
@AutoConfiguration(after = OrbitAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
@ConditionalOnBean(Fleet.class)
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
public final class OrbitEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    OrbitEndpoint orbitEndpoint(Fleet fleet, OrbitHeartbeatProperties heartbeat,
            ObjectProvider<OrbitListenerRegistry> listeners, ObjectProvider<Contest> contest) {
        return new OrbitEndpoint(fleet, heartbeat.getMaxAge(), listeners::getIfAvailable,
                contest::getIfAvailable);
    }

}
