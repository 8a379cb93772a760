package dev.orbit.spring.cache;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.metrics.OrbitMeters;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A {@link CacheManager} whose caches live in the fleet's shared memory: each name is its own
 * {@link dev.orbit.cache.OrbitCache} with its own ring (so caches never evict each other), shaped by its
 * {@link OrbitCacheConfiguration}. The caches given to the constructor are created up front with their own
 * configurations; other names are created on first use with the default one.
 */
public class OrbitCacheManager implements CacheManager {

    private final Fleet fleet;

    private final OrbitCacheConfiguration defaults;

    private final Map<String, OrbitCacheConfiguration> configurations;

    private final OrbitKeyCodec keyCodec;

    private final OrbitValueCodec valueCodec;

    private final OrbitSpringCache.SyncSupport sync;

    private final Supplier<OrbitMeters> meters;

    private final ConcurrentMap<String, OrbitSpringCache> caches = new ConcurrentHashMap<>();

    private final List<Consumer<OrbitSpringCache>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param fleet         the fleet.
     * @param defaults      the configuration of caches created on first use.
     * @param initialCaches caches created now, by name, with their configurations.
     * @param keyCodec      key codec.
     * @param valueCodec    value codec.
     * @param sync          cross-process single flight support; {@code null} for per-process loads.
     * @param meters        where skipped values are counted.
     */
    public OrbitCacheManager(Fleet fleet, OrbitCacheConfiguration defaults,
            Map<String, OrbitCacheConfiguration> initialCaches, OrbitKeyCodec keyCodec, OrbitValueCodec valueCodec,
            OrbitSpringCache.SyncSupport sync, Supplier<OrbitMeters> meters) {
        this.fleet = fleet;
        this.defaults = defaults;
        this.configurations = Map.copyOf(initialCaches);
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.sync = sync;
        this.meters = meters;
        initialCaches.keySet().forEach(this::getCache);
    }

    @Override
    public OrbitSpringCache getCache(String name) {
        OrbitSpringCache cache = this.caches.get(name);
        if (cache != null) {
            return cache;
        }
        boolean[] created = new boolean[1];
        cache = this.caches.computeIfAbsent(name, (key) -> {
            created[0] = true;
            return createCache(key);
        });
        if (created[0]) {
            for (Consumer<OrbitSpringCache> listener : this.listeners) {
                listener.accept(cache);
            }
        }
        return cache;
    }

    @Override
    public Collection<String> getCacheNames() {
        return Collections.unmodifiableSet(this.caches.keySet());
    }

    @Override
    public void resetCaches() {
        this.caches.values().forEach(Cache::clear);
    }

    /**
     * Registers a callback for every cache created from now on (used to bind cache metrics of caches created
     * on first use).
     *
     * @param listener the callback.
     * @return the caches that existed before.
     */
    public Set<OrbitSpringCache> addCacheCreatedListener(Consumer<OrbitSpringCache> listener) {
        this.listeners.add(listener);
        return Set.copyOf(this.caches.values());
    }

    /**
     * Creates the Spring cache of a name.
     *
     * @param name the name.
     * @return the cache.
     */
    protected OrbitSpringCache createCache(String name) {
        OrbitCacheConfiguration configuration = this.configurations.getOrDefault(name, this.defaults);
        return new OrbitSpringCache(name, this.fleet, configuration.spec(), this.keyCodec, this.valueCodec,
                configuration.timeToLive(), configuration.nullPolicy(), this.sync, this.meters);
    }

}
