package dev.orbit.spring.boot.autoconfigure.observation;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.metrics.TopicTags;
import dev.orbit.spring.observation.MicrometerOrbitObserver;
import dev.orbit.spring.observation.OrbitObservationConvention;
import dev.orbit.spring.observation.OrbitObserver;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of Orbit's
 * observations ({@code orbit.publish}, {@code orbit.listener}, {@code orbit.claim}, {@code orbit.claim.hold}) when
 * an {@link ObservationRegistry} bean exists. Boot's switches apply: {@code management.observations.enable.orbit}
 * (or a longer prefix) turns them off. An {@link OrbitObservationConvention} bean replaces the name and tags of its kind.
 */
@AutoConfiguration(after = OrbitAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
@ConditionalOnBean(value = Fleet.class, type = "io.micrometer.observation.ObservationRegistry")
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
public final class OrbitObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(OrbitObserver.class)
    MicrometerOrbitObserver orbitObserver(ObservationRegistry registry, TopicTags topicTags,
            ObjectProvider<OrbitObservationConvention> convention) {
        return new MicrometerOrbitObserver(registry, topicTags::tag, convention.orderedStream().toList());
    }

}
