package dev.orbit.spring.boot.autoconfigure.cache;

import dev.orbit.contest.Contest;
import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitProperties;
import dev.orbit.spring.boot.autoconfigure.OrbitScheduler;
import dev.orbit.spring.boot.autoconfigure.metrics.OrbitMeters;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of an
 * {@link OrbitCacheManager}. Like Spring Boot's own cache configurations it applies only when caching is enabled
 * ({@code @EnableCaching}) and no {@link CacheManager} bean exists, and it runs before Spring Boot's
 * {@code CacheAutoConfiguration}, so an application with the Orbit starter shares its caches with its siblings
 * without more code. It steps aside when {@code orbit.cache.enabled=false} or {@code spring.cache.type} is set.
 * A property under {@code orbit.cache.caches} that would bind nothing (a cache name with dots written without
 * brackets, a misspelt property) fails startup.
 */
@AutoConfiguration(after = OrbitAutoConfiguration.class,
        beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnBean({ Fleet.class, CacheAspectSupport.class })
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "orbit.cache.enabled", matchIfMissing = true)
@Conditional(OnSpringCacheTypeUnsetCondition.class)
@Import({ OrbitValueCodecConfigurations.Jackson.class, OrbitValueCodecConfigurations.Simple.class })
public final class OrbitCacheAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OrbitKeyCodec orbitKeyCodec() {
        return new DefaultOrbitKeyCodec();
    }

    @Bean
    @ConditionalOnMissingBean(CacheManager.class)
    OrbitCacheManager cacheManager(Fleet fleet, OrbitProperties properties, OrbitKeyCodec keyCodec,
            OrbitValueCodec valueCodec, ObjectProvider<Contest> contest, ObjectProvider<OrbitScheduler> scheduler,
            ObjectProvider<OrbitMeters> meters, Environment environment, ObjectProvider<FleetCacheFactory> fleetCaches) {
        properties.getCache().validateBindings(ConfigurationPropertySources.get(environment));
        Contest fleetContest = contest.getIfAvailable();
        OrbitScheduler orbitScheduler = scheduler.getIfAvailable();
        OrbitSpringCache.SyncSupport sync = (fleetContest != null && orbitScheduler != null)
                ? new OrbitSpringCache.SyncSupport(fleetContest, orbitScheduler,
                        properties.getClaims().getDefaultTtl(), properties.getCache().getSyncTimeout(),
                        properties.getCache().getSyncStripes())
                : null;
        return new OrbitCacheManager(fleet, properties.getCache(), keyCodec, valueCodec, sync,
                OrbitAutoConfiguration.meters(meters), fleetCaches.getIfAvailable());
    }

}
