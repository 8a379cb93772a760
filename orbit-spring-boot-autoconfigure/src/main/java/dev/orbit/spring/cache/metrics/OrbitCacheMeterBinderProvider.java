package dev.orbit.spring.cache.metrics;

import dev.orbit.spring.cache.OrbitSpringCache;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;

/**
 * Lets Spring Boot's cache metrics bind {@link OrbitSpringCache}s.
 */
public class OrbitCacheMeterBinderProvider implements CacheMeterBinderProvider<OrbitSpringCache> {

    @Override
    public MeterBinder getMeterBinder(OrbitSpringCache cache, Iterable<Tag> tags) {
        return new OrbitCacheMeterBinder(cache, tags);
    }

}
