package dev.orbit.spring.cache;

/**
 * Where a Spring cache's values are shared when the fleet spans hosts ({@code orbit.cache.caches.NAME.scope}).
 */
public enum CacheScope {

    /**
     * One value for the whole fleet: Redis holds it, this host's Orbit cache is the near cache of every process on
     * the host, and {@code sync = true} loads run once across hosts. The default. Without the bridge, the fleet is
     * this host.
     */
    FLEET,

    /**
     * This host's processes only, through shared memory; never through Redis.
     */
    HOST

}
