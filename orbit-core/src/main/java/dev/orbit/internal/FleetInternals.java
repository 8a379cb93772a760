package dev.orbit.internal;

import java.util.Optional;
import java.util.Set;

import dev.orbit.cache.OrbitCache;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingSpec;

/**
 * What a bridge between hosts needs from a fleet handle beyond the public API: every {@code Fleet} implements it.
 * Not for applications: its shape follows the bridge and may change in any release.
 */
public interface FleetInternals {

    /**
     * Opens (creates or attaches) one of Orbit's substrate rings, e.g. the bridge ring.
     *
     * @param kind a substrate kind (200..255).
     * @param spec its spec; must match an existing ring's.
     * @param name a name for humans.
     * @return the ring.
     */
    Ring substrateRing(int kind, RingSpec spec, String name);

    /**
     * @param kind a ring kind.
     * @return the ring of that kind if this handle opened it or its segment exists, without creating one.
     */
    Optional<Ring> existingRing(int kind);

    /**
     * @param name a cache name.
     * @return the named cache if this handle opened it or its segment exists (attached with the segment's own
     *     spec), without creating one.
     */
    Optional<OrbitCache> existingCache(String name);

    /**
     * @return names of the caches this handle opened or whose segments exist on this host.
     */
    Set<String> cacheNames();
}
