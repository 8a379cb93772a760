package dev.orbit.bench.cache;

import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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

/**
 * The in-process comparison for the OrbitCache get rows: a bounded Caffeine cache of String keys (their hash
 * cached in the String, as a typical caller's keys are) to 64-byte values, read over the same 1024-key
 * working set. Caffeine hands back a reference; Orbit copies the value out of shared memory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CaffeineGetBenchmark {

    private Cache<String, byte[]> cache;
    private String[] hits;
    private String[] misses;
    private int next;

    @Setup
    public void setUp() {
        cache = Caffeine.newBuilder().maximumSize(65_536).build();
        hits = new String[CacheKeys.WORKING_SET];
        misses = new String[CacheKeys.WORKING_SET];
        for (int i = 0; i < CacheKeys.WORKING_SET; i++) {
            hits[i] = CacheKeys.hitKey(i);
            misses[i] = CacheKeys.missKey(i);
            cache.put(hits[i], CacheKeys.value(i));
        }
    }

    @Benchmark
    public byte[] getHit() {
        final byte[] value = cache.getIfPresent(hits[next++ & (CacheKeys.WORKING_SET - 1)]);
        if (value == null) {
            throw new IllegalStateException("expected a hit");
        }
        return value;
    }

    @Benchmark
    public byte[] getMiss() {
        return cache.getIfPresent(misses[next++ & (CacheKeys.WORKING_SET - 1)]);
    }
}
