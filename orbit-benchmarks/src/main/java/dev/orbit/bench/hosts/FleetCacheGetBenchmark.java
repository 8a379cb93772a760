package dev.orbit.bench.hosts;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
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

import dev.orbit.bench.cache.CacheKeys;
import dev.orbit.cache.OrbitCache;
import dev.orbit.fleet.Fleet;
import dev.orbit.redis.FleetCache;
import dev.orbit.redis.RedisBridge;
import dev.orbit.ring.RingSpec;

/**
 * A get of a cache across hosts that the host's near cache answers, over the same 1024-key working set and values
 * as {@code OrbitCacheGetBenchmark} (a local Orbit get): the values were stored through Redis, so the near entries
 * are versioned as bridged entries are. {@code nearHit} is the allocation-free path, {@code nearHitArray} returns a
 * copy. Compare with {@code RedisCacheManagerGetBenchmark.get}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FleetCacheGetBenchmark {

    /** Port of the local redis-server. */
    @Param("6379")
    public int redisPort;

    private Fleet fleet;
    private RedisBridge bridge;
    private FleetCache cache;
    private ByteBuffer[] keys;
    private byte[][] keyArrays;
    private int next;
    private final Sink sink = new Sink();

    @Setup
    public void setUp() {
        fleet = Fleet.builder().name("bench-fc-" + ProcessHandle.current().pid()).join();
        bridge = Bridges.start(fleet, "bench-host", redisPort, null);
        cache = bridge.cache("quotes", RingSpec.of(65_536, CacheKeys.ORBIT_PAYLOAD));
        keys = new ByteBuffer[CacheKeys.WORKING_SET];
        keyArrays = new byte[CacheKeys.WORKING_SET][];
        for (int i = 0; i < CacheKeys.WORKING_SET; i++) {
            keyArrays[i] = CacheKeys.bytes(CacheKeys.hitKey(i));
            keys[i] = ByteBuffer.wrap(keyArrays[i]);
            if (!cache.put(keyArrays[i], CacheKeys.value(i), Duration.ZERO)) {
                throw new IllegalStateException("put through Redis failed: " + bridge.stats());
            }
        }
    }

    @TearDown
    public void tearDown() {
        bridge.close();
        fleet.close();
    }

    @Benchmark
    public int nearHit() {
        if (!cache.get(keys[next++ & (CacheKeys.WORKING_SET - 1)], sink)) {
            throw new IllegalStateException("expected a hit");
        }
        return sink.result;
    }

    @Benchmark
    public Optional<byte[]> nearHitArray() {
        return cache.get(keyArrays[next++ & (CacheKeys.WORKING_SET - 1)]);
    }

    /**
     * Looks at the value so the copy cannot be optimised away.
     */
    static final class Sink implements OrbitCache.ValueHandler {
        int result;

        @Override
        public void onValue(final ByteBuffer buffer, final int offset, final int length) {
            result += buffer.get(offset) + length;
        }
    }
}
