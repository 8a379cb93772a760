package dev.orbit.spring.boot.autoconfigure;

/**
 * Cache names the auto-configuration uses.
 */
public final class OrbitCacheNames {

    /** Name of the cache exposed as the {@link dev.orbit.cache.OrbitCache} bean. */
    public static final String DEFAULT = "default";

    private OrbitCacheNames() {
    }

}
