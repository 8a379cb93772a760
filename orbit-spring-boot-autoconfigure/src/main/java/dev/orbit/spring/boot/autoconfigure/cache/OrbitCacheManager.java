package dev.orbit.spring.boot.autoconfigure.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitProperties;
import dev.orbit.spring.boot.autoconfigure.metrics.OrbitMeters;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A {@link CacheManager} whose caches live in the fleet's shared memory: each name is its own
 * {@link dev.orbit.cache.OrbitCache} with its own ring (so caches never evict each other), shaped by
 * {@code orbit.cache.*} and {@code orbit.cache.caches.<name>.*}. Caches are created on first use; names listed in
 * {@code orbit.cache.cache-names} or {@code orbit.cache.caches} are created up front.
 */
public class OrbitCacheManager implements CacheManager {

    private final Fleet fleet;

    private final OrbitProperties.Cache properties;

    private final OrbitKeyCodec keyCodec;

    private final OrbitValueCodec valueCodec;

    private final OrbitSpringCache.SyncSupport sync;

    private final Supplier<OrbitMeters> meters;

    private final FleetCacheFactory fleetCaches;

    private final ConcurrentMap<String, OrbitSpringCache> caches = new ConcurrentHashMap<>();

    private final List<Consumer<OrbitSpringCache>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param fleet      the fleet.
     * @param properties cache properties.
     * @param keyCodec   key codec.
     * @param valueCodec value codec.
     * @param sync       cross-process single flight support; {@code null} for per-process loads.
     * @param meters     where skipped values are counted.
     */
    public OrbitCacheManager(Fleet fleet, OrbitProperties.Cache properties, OrbitKeyCodec keyCodec,
            OrbitValueCodec valueCodec, OrbitSpringCache.SyncSupport sync, Supplier<OrbitMeters> meters) {
        this(fleet, properties, keyCodec, valueCodec, sync, meters, null);
    }

    /**
     * @param fleet       the fleet.
     * @param properties  cache properties.
     * @param keyCodec    key codec.
     * @param valueCodec  value codec.
     * @param sync        cross-process single flight support; {@code null} for per-process loads.
     * @param meters      where skipped values are counted.
     * @param fleetCaches makes caches of {@link CacheScope#FLEET} scope shared across hosts; {@code null} when the
     *                    fleet does not span hosts.
     */
    public OrbitCacheManager(Fleet fleet, OrbitProperties.Cache properties, OrbitKeyCodec keyCodec,
            OrbitValueCodec valueCodec, OrbitSpringCache.SyncSupport sync, Supplier<OrbitMeters> meters,
            FleetCacheFactory fleetCaches) {
        this.fleetCaches = fleetCaches;
        this.fleet = fleet;
        this.properties = properties;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.sync = sync;
        this.meters = meters;
        List<String> initial = new ArrayList<>(properties.getCacheNames());
        initial.addAll(properties.getCaches().keySet());
        initial.forEach(this::getCache);
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
        if (this.fleetCaches != null && this.properties.scopeOf(name) == CacheScope.FLEET) {
            OrbitSpringCache.SyncSupport local = this.sync;
            OrbitSpringCache.SyncSupport acrossHosts = (local != null) ? new OrbitSpringCache.SyncSupport(
                    this.fleetCaches.contest(), local.scheduler(), local.claimTtl(), local.timeout(), local.stripes())
                    : null;
            return new OrbitSpringCache(name, this.fleetCaches.cache(name, this.properties.specOf(name)),
                    this.keyCodec, this.valueCodec, this.properties.timeToLiveOf(name),
                    this.properties.getNullPolicy(), acrossHosts, this.meters);
        }
        return new OrbitSpringCache(name, this.fleet, this.properties.specOf(name), this.keyCodec, this.valueCodec,
                this.properties.timeToLiveOf(name), this.properties.getNullPolicy(), this.sync, this.meters);
    }

}
