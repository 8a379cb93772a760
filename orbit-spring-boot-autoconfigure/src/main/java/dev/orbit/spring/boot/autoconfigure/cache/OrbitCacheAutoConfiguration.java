package dev.orbit.spring.boot.autoconfigure.cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orbit.contest.Contest;
import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitCacheProperties;
import dev.orbit.spring.boot.autoconfigure.OrbitClaimsProperties;
import dev.orbit.spring.cache.CacheScope;
import dev.orbit.spring.cache.DefaultOrbitKeyCodec;
import dev.orbit.spring.cache.FleetCacheFactory;
import dev.orbit.spring.cache.OrbitCacheConfiguration;
import dev.orbit.spring.cache.OrbitCacheManager;
import dev.orbit.spring.cache.OrbitKeyCodec;
import dev.orbit.spring.cache.OrbitSpringCache;
import dev.orbit.spring.cache.OrbitValueCodec;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.scheduling.OrbitScheduler;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of an
 * {@link OrbitCacheManager}. Like Spring Boot's own cache configurations it applies only when caching is enabled
 * ({@code @EnableCaching}) and neither a {@link CacheManager} bean nor a bean named {@code cacheResolver} exists,
 * and it runs before Spring Boot's {@code CacheAutoConfiguration}, so an application with the Orbit starter
 * shares its caches with its siblings without more code. It steps aside when {@code orbit.cache.enabled=false} or
 * {@code spring.cache.type} is set. As Spring Boot's cache managers do, it creates the caches named by
 * {@code spring.cache.cache-names} up front (besides {@code orbit.cache.cache-names} and
 * {@code orbit.cache.caches}) and applies every {@code CacheManagerCustomizer<OrbitCacheManager>} (or
 * {@code CacheManagerCustomizer<CacheManager>}) bean. A property under {@code orbit.cache.caches} that would bind
 * nothing (a cache name with dots written without brackets, a misspelt property) fails startup.
 */
@AutoConfiguration(after = OrbitAutoConfiguration.class,
        beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnBean({ Fleet.class, CacheAspectSupport.class })
@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "orbit.cache.enabled", matchIfMissing = true)
@Conditional(OnSpringCacheTypeUnsetCondition.class)
@Import({ OrbitValueCodecConfigurations.Jackson.class, OrbitValueCodecConfigurations.Simple.class })
public final class OrbitCacheAutoConfiguration {

    private static final String SPRING_CACHE_NAMES = "spring.cache.cache-names";

    private static final String CUSTOMIZERS = "org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers";

    @Bean
    @ConditionalOnMissingBean
    OrbitKeyCodec orbitKeyCodec() {
        return new DefaultOrbitKeyCodec();
    }

    @Bean
    @ConditionalOnMissingBean(CacheManager.class)
    OrbitCacheManager cacheManager(Fleet fleet, OrbitCacheProperties cache, OrbitClaimsProperties claims,
            OrbitKeyCodec keyCodec, OrbitValueCodec valueCodec, ObjectProvider<Contest> contest,
            ObjectProvider<OrbitScheduler> scheduler, ObjectProvider<OrbitMeters> meters, Environment environment,
            ListableBeanFactory beanFactory, ObjectProvider<FleetCacheFactory> fleetCaches) {
        cache.validateBindings(ConfigurationPropertySources.get(environment));
        Contest fleetContest = contest.getIfAvailable();
        OrbitScheduler orbitScheduler = scheduler.getIfAvailable();
        OrbitSpringCache.SyncSupport sync = (fleetContest != null && orbitScheduler != null)
                ? new OrbitSpringCache.SyncSupport(fleetContest, orbitScheduler, claims.getDefaultTtl(),
                        cache.getSyncTimeout(), cache.getSyncStripes())
                : null;
        Map<String, OrbitCacheConfiguration> initialCaches = new LinkedHashMap<>();
        for (String name : Binder.get(environment)
            .bind(SPRING_CACHE_NAMES, Bindable.listOf(String.class))
            .orElse(List.of())) {
            initialCaches.put(name, configuration(cache, name));
        }
        for (String name : cache.getCacheNames()) {
            initialCaches.put(name, configuration(cache, name));
        }
        for (String name : cache.getCaches().keySet()) {
            initialCaches.put(name, configuration(cache, name));
        }
        OrbitCacheManager manager = new OrbitCacheManager(fleet, configuration(cache, null), initialCaches, keyCodec,
                valueCodec, sync, OrbitAutoConfiguration.meters(meters), fleetCaches.getIfAvailable(),
                (name) -> cache.scopeOf(name) == CacheScope.FLEET);
        if (ClassUtils.isPresent(CUSTOMIZERS, OrbitCacheAutoConfiguration.class.getClassLoader())) {
            BootCacheManagerCustomizers.customize(beanFactory, manager);
        }
        return manager;
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

    /**
     * Applies Spring Boot's {@code CacheManagerCustomizer} beans; loaded only when {@code spring-boot-cache} is
     * present.
     */
    static final class BootCacheManagerCustomizers {

        private BootCacheManagerCustomizers() {
        }

        static void customize(ListableBeanFactory beanFactory, OrbitCacheManager manager) {
            List<CacheManagerCustomizer<?>> customizers = beanFactory.getBeanProvider(CacheManagerCustomizer.class)
                .orderedStream()
                .<CacheManagerCustomizer<?>>map((customizer) -> customizer)
                .toList();
            new CacheManagerCustomizers(customizers).customize(manager);
        }

    }

}
