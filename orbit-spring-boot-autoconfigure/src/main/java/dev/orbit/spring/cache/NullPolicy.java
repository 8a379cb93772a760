package dev.orbit.spring.cache;

/**
 * What an {@link OrbitSpringCache} does with a {@code null} value ({@code orbit.cache.null-policy}).
 */
public enum NullPolicy {

    /** Store a null marker, so a method that returned {@code null} is not called again. */
    CACHE_NULLS,

    /**
     * Store nothing for {@code null}: the next call computes again, and a {@code put} of {@code null} (a
     * {@code @CachePut} method that returned {@code null}) evicts the key, so that no older value is served.
     */
    SKIP_NULLS,

    /**
     * Refuse {@code null} as Spring's caches that do not allow nulls do: a {@code put} of {@code null}, or a
     * loader that returns {@code null}, throws an {@link IllegalArgumentException} (exclude nulls with
     * {@code @Cacheable(unless = "#result == null")}).
     */
    REJECT_NULLS

}
