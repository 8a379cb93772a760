package dev.orbit.spring.cache;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.Contest;
import dev.orbit.ring.RingSpec;

/**
 * Makes the caches of {@link CacheScope#FLEET} scope when the fleet spans hosts (the bridge's auto-configuration
 * defines one).
 */
public interface FleetCacheFactory {

    /**
     * @param name a cache name.
     * @param spec the ring spec of this host's near cache.
     * @return a cache whose values are shared by every host, served through this host's near cache.
     */
    OrbitCache cache(String name, RingSpec spec);

    /**
     * @return claims across every host, for {@code sync = true} single flight of fleet caches.
     */
    Contest contest();

}
