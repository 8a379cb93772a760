package dev.orbit.spring.cache;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.metrics.OrbitMeters;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A {@link CacheManager} whose caches live in the fleet's shared memory: each name is its own
 * {@link dev.orbit.cache.OrbitCache} with its own ring (so caches never evict each other), shaped by its
 * {@link OrbitCacheConfiguration}. The initial caches (given to the constructor, or added by
 * {@link #setCacheConfiguration} before the manager is first used) are created with their own configurations
 * when the bean is initialised, or at the manager's first use; other names are created on first use with the
 * default configuration. A Spring Boot {@code CacheManagerCustomizer<OrbitCacheManager>} can add or reshape
 * initial caches.
 */
public class OrbitCacheManager implements CacheManager, InitializingBean {

    private final Fleet fleet;

    private final OrbitCacheConfiguration defaults;

    private final Map<String, OrbitCacheConfiguration> configurations;

    private volatile boolean initialized;

    private final OrbitKeyCodec keyCodec;

    private final OrbitValueCodec valueCodec;

    private final OrbitSpringCache.SyncSupport sync;

    private final Supplier<OrbitMeters> meters;

    private final FleetCacheFactory fleetCaches;

    private final Predicate<String> fleetScoped;

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
        this(fleet, defaults, initialCaches, keyCodec, valueCodec, sync, meters, null, (name) -> false);
    }

    /**
     * @param fleet         the fleet.
     * @param defaults      the configuration of caches created on first use.
     * @param initialCaches caches created now, by name, with their configurations.
     * @param keyCodec      key codec.
     * @param valueCodec    value codec.
     * @param sync          cross-process single flight support; {@code null} for per-process loads.
     * @param meters        where skipped values are counted.
     * @param fleetCaches   makes the caches shared across hosts; {@code null} when the fleet does not span hosts.
     * @param fleetScoped   which cache names are shared across hosts ({@link CacheScope#FLEET}).
     */
    public OrbitCacheManager(Fleet fleet, OrbitCacheConfiguration defaults,
            Map<String, OrbitCacheConfiguration> initialCaches, OrbitKeyCodec keyCodec, OrbitValueCodec valueCodec,
            OrbitSpringCache.SyncSupport sync, Supplier<OrbitMeters> meters, FleetCacheFactory fleetCaches,
            Predicate<String> fleetScoped) {
        this.fleetCaches = fleetCaches;
        this.fleetScoped = fleetScoped;
        this.fleet = fleet;
        this.defaults = defaults;
        this.configurations = new LinkedHashMap<>(initialCaches);
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.sync = sync;
        this.meters = meters;
    }

    /**
     * Adds an initial cache, or changes the configuration of one, before the manager is first used.
     *
     * @param name          the cache name.
     * @param configuration its configuration.
     * @throws IllegalStateException when the manager already created its caches.
     */
    public synchronized void setCacheConfiguration(String name, OrbitCacheConfiguration configuration) {
        if (this.initialized) {
            throw new IllegalStateException("cannot configure cache '" + name + "': the cache manager has created "
                    + "its caches already; configure caches in a CacheManagerCustomizer or before first use");
        }
        this.configurations.put(name, configuration);
    }

    /**
     * @return the configuration of caches created on first use.
     */
    public OrbitCacheConfiguration getDefaultConfiguration() {
        return this.defaults;
    }

    /**
     * Creates the initial caches.
     */
    @Override
    public void afterPropertiesSet() {
        initialize();
    }

    private void initialize() {
        if (this.initialized) {
            return;
        }
        List<String> names;
        synchronized (this) {
            if (this.initialized) {
                return;
            }
            this.initialized = true;
            names = List.copyOf(this.configurations.keySet());
        }
        names.forEach(this::getCache);
    }

    @Override
    public OrbitSpringCache getCache(String name) {
        initialize();
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
        initialize();
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
        initialize();
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
        OrbitCacheConfiguration configuration;
        synchronized (this) {
            configuration = this.configurations.getOrDefault(name, this.defaults);
        }
        if (this.fleetCaches != null && this.fleetScoped.test(name)) {
            OrbitSpringCache.SyncSupport local = this.sync;
            OrbitSpringCache.SyncSupport acrossHosts = (local != null) ? new OrbitSpringCache.SyncSupport(
                    this.fleetCaches.contest(), local.scheduler(), local.claimTtl(), local.timeout(), local.stripes())
                    : null;
            return new OrbitSpringCache(name, this.fleetCaches.cache(name, configuration.spec()), this.keyCodec,
                    this.valueCodec, configuration.timeToLive(), configuration.nullPolicy(), acrossHosts, this.meters);
        }
        return new OrbitSpringCache(name, this.fleet, configuration.spec(), this.keyCodec, this.valueCodec,
                configuration.timeToLive(), configuration.nullPolicy(), this.sync, this.meters);
    }

}
