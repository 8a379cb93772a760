package dev.orbit.spring.cache.metrics;

import dev.orbit.spring.cache.OrbitSpringCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

/**
 * Micrometer's standard cache meters ({@code cache.gets{result}}, {@code cache.puts}, {@code cache.evictions})
 * for an {@link OrbitSpringCache}, counted in this process. The size is unknown (an Orbit cache is a ring), so
 * {@code cache.size} is not reported. Adds {@code cache.orbit.skipped} (values not cached: too large or not
 * encodable) and {@code cache.orbit.lost.writes} (writes whose frame was lost).
 */
public class OrbitCacheMeterBinder extends CacheMeterBinder<OrbitSpringCache> {

    /**
     * @param cache the cache.
     * @param tags  extra tags.
     */
    public OrbitCacheMeterBinder(OrbitSpringCache cache, Iterable<Tag> tags) {
        super(cache, cache.getName(), tags);
    }

    @Override
    protected Long size() {
        return null;
    }

    @Override
    protected long hitCount() {
        OrbitSpringCache cache = getCache();
        return (cache != null) ? cache.getHitCount() : 0;
    }

    @Override
    protected Long missCount() {
        OrbitSpringCache cache = getCache();
        return (cache != null) ? cache.getMissCount() : null;
    }

    @Override
    protected Long evictionCount() {
        OrbitSpringCache cache = getCache();
        return (cache != null) ? cache.getEvictionCount() : null;
    }

    @Override
    protected long putCount() {
        OrbitSpringCache cache = getCache();
        return (cache != null) ? cache.getPutCount() : 0;
    }

    @Override
    protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
        OrbitSpringCache cache = getCache();
        if (cache == null) {
            return;
        }
        FunctionCounter.builder("cache.orbit.skipped", cache, OrbitSpringCache::getSkippedCount)
            .tags(getTagsWithCacheName())
            .description("Values not cached because they were too large for a slot or not encodable")
            .register(registry);
        FunctionCounter.builder("cache.orbit.lost.writes", cache, (c) -> c.getNativeCache().stats().lostWrites())
            .tags(getTagsWithCacheName())
            .description("Cache writes whose frame was lost")
            .register(registry);
    }

}
