package dev.orbit.bench.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.cache.Cache;

import dev.orbit.bench.support.Local;
import dev.orbit.spring.cache.DefaultOrbitKeyCodec;
import dev.orbit.spring.cache.NullPolicy;
import dev.orbit.spring.cache.OrbitSpringCache;
import dev.orbit.spring.cache.SimpleOrbitValueCodec;
import dev.orbit.spring.metrics.OrbitMeters;

/**
 * A Spring {@code @Cacheable} hit on an {@link OrbitSpringCache}, as Spring Framework 7's cache aspect makes it:
 * {@code get(key)} (a {@link Cache.ValueWrapper}) without {@code sync}, {@code get(key, loader)} with it. Long keys,
 * String values of 16 characters, 1024 keys. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes a
 * hit allocates, a figure the machine's load does not change.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpringCacheGetBenchmark {

    private OrbitSpringCache cache;
    private Long[] keys;
    private int next;
    private final byte[] valueBytes = "value-0000000000".getBytes(StandardCharsets.UTF_8);
    private final Callable<String> loader = () -> {
        throw new IllegalStateException("expected a hit");
    };

    @Setup
    public void setUp() {
        cache = new OrbitSpringCache("bench", Local.cache(65_536, CacheKeys.ORBIT_PAYLOAD), new DefaultOrbitKeyCodec(),
            new SimpleOrbitValueCodec(), Duration.ZERO, NullPolicy.CACHE_NULLS, null, () -> OrbitMeters.NONE);
        keys = new Long[CacheKeys.WORKING_SET];
        for (int i = 0; i < CacheKeys.WORKING_SET; i++) {
            keys[i] = 1_000_000L + i;
            cache.put(keys[i], String.format("value-%010d", i));
        }
    }

    @Benchmark
    public Object getHit() {
        final Cache.ValueWrapper hit = cache.get(keys[next++ & (CacheKeys.WORKING_SET - 1)]);
        if (hit == null) {
            throw new IllegalStateException("expected a hit");
        }
        return hit.get();
    }

    /**
     * What the value alone costs: the same String decoded from the same UTF-8 bytes, the floor of a hit.
     */
    @Benchmark
    public String valueAlone() {
        return new String(valueBytes, StandardCharsets.UTF_8);
    }

    @Benchmark
    public String getHitSync() {
        return cache.get(keys[next++ & (CacheKeys.WORKING_SET - 1)], loader);
    }
}
