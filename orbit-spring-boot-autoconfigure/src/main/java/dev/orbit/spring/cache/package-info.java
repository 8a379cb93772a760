/**
 * Spring Cache over Orbit caches: a {@link org.springframework.cache.CacheManager} whose caches every sibling
 * process shares, with cross-process single flight for {@code @Cacheable(sync = true)}.
 */
package dev.orbit.spring.cache;
