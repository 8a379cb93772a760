package dev.orbit.bench.hosts;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

import dev.orbit.bench.cache.CacheKeys;

/**
 * The application of {@link SpringCacheableGetBenchmark}: a Spring Boot application with caching on and one
 * {@code @Cacheable} method. Which cache manager serves it is configuration only: Orbit's (the starter's default,
 * with {@code orbit.bridge.redis.enabled=true} a fleet-scoped cache whose reads are answered by the host's near
 * cache) or Boot's {@code RedisCacheManager} ({@code spring.cache.type=redis}).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableCaching
public class CacheableApp {

    /** The cache the method uses. */
    public static final String CACHE = "quotes";

    @Bean
    Quotes quotes() {
        return new Quotes();
    }

    /**
     * The cached service. {@link #computations} counts the calls the cache did not answer.
     */
    public static class Quotes {

        private int computations;

        /**
         * @param key one of {@link CacheKeys#hitKey(long)}.
         * @return the key's 64-byte value, {@link CacheKeys#value(long)}.
         */
        @Cacheable(CACHE)
        public byte[] quote(final String key) {
            computations++;
            return CacheKeys.value(Long.parseLong(key.substring(2)));
        }

        /**
         * @return calls that reached the method (misses); read on the benchmark's thread, which alone calls.
         */
        public int computations() {
            return computations;
        }
    }
}
