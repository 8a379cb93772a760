package dev.orbit.bench.cache;

import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Warmup;

import dev.orbit.bench.support.Local;
import dev.orbit.cache.OrbitCache;

/**
 * OrbitCache get as the cache grows: the ring is filled with {@code capacity} distinct keys, then gets read
 * 1024 of them spread evenly over the whole ring (and 1024 absent keys). The working set is the same at
 * every capacity, so any growth is the cost of capacity itself; a design that scans the ring would grow
 * linearly, most of all on a miss.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Xmx2g")
public class OrbitCacheCapacityBenchmark {

    @Param({"1024", "65536", "1048576"})
    public int capacity;

    private OrbitCache cache;
    private ByteBuffer[] hits;
    private ByteBuffer[] misses;
    private int next;
    private final OrbitCacheGetBenchmark.ValueSink sink = new OrbitCacheGetBenchmark.ValueSink();

    @Setup
    public void setUp() {
        cache = Local.cache(capacity, CacheKeys.ORBIT_PAYLOAD);
        final byte[] key = new byte[CacheKeys.KEY_LENGTH];
        final byte[] value = CacheKeys.value(7);
        for (int i = 0; i < capacity; i++) {
            if (!cache.put(CacheKeys.key('c', i, key), value)) {
                throw new IllegalStateException("setup put was lost: key=" + i);
            }
        }
        final int spread = capacity / CacheKeys.WORKING_SET;
        hits = new ByteBuffer[CacheKeys.WORKING_SET];
        misses = new ByteBuffer[CacheKeys.WORKING_SET];
        for (int i = 0; i < CacheKeys.WORKING_SET; i++) {
            hits[i] = ByteBuffer.wrap(CacheKeys.key('c', (long)i * spread, new byte[CacheKeys.KEY_LENGTH]));
            misses[i] = ByteBuffer.wrap(CacheKeys.key('m', i, new byte[CacheKeys.KEY_LENGTH]));
        }
        for (final ByteBuffer hit : hits) {
            if (!cache.get(hit, sink)) {
                throw new IllegalStateException("expected a hit after filling: capacity=" + capacity);
            }
        }
    }

    @Benchmark
    public int getHit() {
        if (!cache.get(hits[next++ & (CacheKeys.WORKING_SET - 1)], sink)) {
            throw new IllegalStateException("expected a hit");
        }
        return sink.result;
    }

    @Benchmark
    public boolean getMiss() {
        return cache.get(misses[next++ & (CacheKeys.WORKING_SET - 1)], sink);
    }
}
