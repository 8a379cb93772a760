package dev.orbit.spring.boot.autoconfigure.cache;

import java.util.Map;

import dev.orbit.spring.cache.OrbitCacheManager;
import dev.orbit.spring.cache.metrics.OrbitCacheMeterBinderProvider;
import io.micrometer.core.instrument.Tag;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of Spring Boot's cache
 * metrics for Orbit caches: a {@link OrbitCacheMeterBinderProvider} (registered before Spring Boot's cache metrics
 * look for providers), and the binding of caches that are created on first use, after Spring Boot bound the caches
 * that existed at startup.
 */
@AutoConfiguration(after = OrbitCacheAutoConfiguration.class,
        beforeName = "org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration")
@ConditionalOnClass(name = { "org.springframework.boot.cache.metrics.CacheMeterBinderProvider",
        "io.micrometer.core.instrument.binder.cache.CacheMeterBinder" })
@ConditionalOnBean(OrbitCacheManager.class)
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
public final class OrbitCacheMetricsAutoConfiguration {

    @Bean
    OrbitCacheMeterBinderProvider orbitCacheMeterBinderProvider() {
        return new OrbitCacheMeterBinderProvider();
    }

    @Bean
    static SmartInitializingSingleton orbitCacheMetricsBinder(ApplicationContext context,
            ObjectProvider<CacheMetricsRegistrar> registrar) {
        return () -> {
            CacheMetricsRegistrar metricsRegistrar = registrar.getIfAvailable();
            if (metricsRegistrar == null) {
                return;
            }
            for (Map.Entry<String, OrbitCacheManager> entry : context.getBeansOfType(OrbitCacheManager.class)
                .entrySet()) {
                Tag manager = Tag.of("cache.manager", managerName(entry.getKey()));
                entry.getValue()
                    .addCacheCreatedListener((cache) -> metricsRegistrar.bindCacheToRegistry(cache, manager));
            }
        };
    }

    private static String managerName(String beanName) {
        String suffix = "CacheManager";
        if (beanName.length() > suffix.length() && beanName.toLowerCase().endsWith(suffix.toLowerCase())) {
            return beanName.substring(0, beanName.length() - suffix.length());
        }
        return beanName;
    }

}
