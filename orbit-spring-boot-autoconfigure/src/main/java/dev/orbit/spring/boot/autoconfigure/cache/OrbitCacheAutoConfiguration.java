package dev.orbit.spring.boot.autoconfigure.cache;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.orbit.contest.Contest;
import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitCacheProperties;
import dev.orbit.spring.boot.autoconfigure.OrbitClaimsProperties;
import dev.orbit.spring.cache.DefaultOrbitKeyCodec;
import dev.orbit.spring.cache.OrbitCacheConfiguration;
import dev.orbit.spring.cache.OrbitCacheManager;
import dev.orbit.spring.cache.OrbitKeyCodec;
import dev.orbit.spring.cache.OrbitSpringCache;
import dev.orbit.spring.cache.OrbitValueCodec;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.scheduling.OrbitScheduler;

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
    OrbitCacheManager cacheManager(Fleet fleet, OrbitCacheProperties cache, OrbitClaimsProperties claims,
            OrbitKeyCodec keyCodec, OrbitValueCodec valueCodec, ObjectProvider<Contest> contest,
            ObjectProvider<OrbitScheduler> scheduler, ObjectProvider<OrbitMeters> meters, Environment environment) {
        cache.validateBindings(ConfigurationPropertySources.get(environment));
        Contest fleetContest = contest.getIfAvailable();
        OrbitScheduler orbitScheduler = scheduler.getIfAvailable();
        OrbitSpringCache.SyncSupport sync = (fleetContest != null && orbitScheduler != null)
                ? new OrbitSpringCache.SyncSupport(fleetContest, orbitScheduler, claims.getDefaultTtl(),
                        cache.getSyncTimeout(), cache.getSyncStripes())
                : null;
        Map<String, OrbitCacheConfiguration> initialCaches = new LinkedHashMap<>();
        for (String name : cache.getCacheNames()) {
            initialCaches.put(name, configuration(cache, name));
        }
        for (String name : cache.getCaches().keySet()) {
            initialCaches.put(name, configuration(cache, name));
        }
        return new OrbitCacheManager(fleet, configuration(cache, null), initialCaches, keyCodec, valueCodec, sync,
                OrbitAutoConfiguration.meters(meters));
    }

    /**
     * @param cache the cache properties.
     * @param name  a cache name, or {@code null} for caches without overrides.
     * @return the configuration of that cache.
     */
    static OrbitCacheConfiguration configuration(OrbitCacheProperties cache, String name) {
        return (name != null)
                ? new OrbitCacheConfiguration(cache.specOf(name), cache.timeToLiveOf(name), cache.getNullPolicy())
                : new OrbitCacheConfiguration(cache.defaultSpec(), cache.timeToLiveOf(null), cache.getNullPolicy());
    }

}
