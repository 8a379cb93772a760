package dev.orbit.bench.hosts;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.cache.Cache;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.orbit.bench.support.RedisServer;

/**
 * The comparison for the near-cache hit: Spring Data Redis's {@code RedisCacheManager} (what
 * {@code spring.cache.type=redis} gives a Boot application) reading the same 1024 keys and 64-byte values as the
 * Orbit cache benchmarks from a local redis-server with Lettuce, default configuration (JDK serialization).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RedisCacheManagerGetBenchmark {

    /** Port of the local redis-server. */
    @Param("6379")
    public int redisPort;

    private LettuceConnectionFactory factory;
    private Cache cache;
    private String[] keys;
    private int next;

    @Setup
    public void setUp() {
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(RedisServer.HOST, redisPort));
        factory.afterPropertiesSet();
        factory.start();
        final RedisCacheManager manager = RedisCacheManager.create(factory);
        manager.afterPropertiesSet();
        cache = manager.getCache("quotes");
        keys = new String[dev.orbit.bench.cache.CacheKeys.WORKING_SET];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = dev.orbit.bench.cache.CacheKeys.hitKey(i);
            cache.put(keys[i], dev.orbit.bench.cache.CacheKeys.value(i));
        }
    }

    @TearDown
    public void tearDown() {
        factory.destroy();
    }

    @Benchmark
    public Cache.ValueWrapper get() {
        final Cache.ValueWrapper value = cache.get(keys[next++ & (keys.length - 1)]);
        if (value == null) {
            throw new IllegalStateException("expected a hit");
        }
        return value;
    }
}
