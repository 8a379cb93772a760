package dev.orbit.bench.cache;

import java.nio.ByteBuffer;
import java.util.Optional;
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

import dev.orbit.bench.support.Local;
import dev.orbit.cache.OrbitCache;

/**
 * OrbitCache get, hit and miss, over the same 1024-key working set as {@link CaffeineGetBenchmark} and
 * {@link RedisGetBenchmark}. {@code getHit}/{@code getMiss} use the allocation-free path (the value is
 * copied to a private buffer and handed to a handler); {@code getHitArray} is the convenience path that
 * returns a copy. Every get first catches the index up with the ring (here: nothing new to read).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class OrbitCacheGetBenchmark {

    private OrbitCache cache;
    private ByteBuffer[] hits;
    private ByteBuffer[] misses;
    private byte[][] hitArrays;
    private int next;
    private final ValueSink sink = new ValueSink();

    @Setup
    public void setUp() {
        cache = Local.cache(65_536, CacheKeys.ORBIT_PAYLOAD);
        hits = new ByteBuffer[CacheKeys.WORKING_SET];
        misses = new ByteBuffer[CacheKeys.WORKING_SET];
        hitArrays = new byte[CacheKeys.WORKING_SET][];
        for (int i = 0; i < CacheKeys.WORKING_SET; i++) {
            hitArrays[i] = CacheKeys.bytes(CacheKeys.hitKey(i));
            hits[i] = ByteBuffer.wrap(hitArrays[i]);
            misses[i] = ByteBuffer.wrap(CacheKeys.bytes(CacheKeys.missKey(i)));
            if (!cache.put(hitArrays[i], CacheKeys.value(i))) {
                throw new IllegalStateException("setup put was lost: key=" + i);
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

    @Benchmark
    public Optional<byte[]> getHitArray() {
        return cache.get(hitArrays[next++ & (CacheKeys.WORKING_SET - 1)]);
    }

    /**
     * Looks at the value so the copy cannot be optimised away.
     */
    static final class ValueSink implements OrbitCache.ValueHandler {
        int result;

        @Override
        public void onValue(final ByteBuffer buffer, final int offset, final int length) {
            result = length + buffer.get(offset + length - 1);
        }
    }
}
