package dev.orbit.bench.hosts;

import java.nio.charset.StandardCharsets;
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

import dev.orbit.fleet.Fleet;
import dev.orbit.redis.FleetCache;
import dev.orbit.redis.RedisBridge;

/**
 * A get of a cache across hosts that the host's near cache answers: the value (256 bytes, like the Spring cache
 * comparison's) was stored through Redis, so the near entry is versioned as bridged entries are. Compare with
 * {@code OrbitCacheGetBenchmark.getHit} (a local Orbit get) and {@code RedisCacheManagerGetBenchmark.get}.
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
    private final byte[] key = "quote:ACME".getBytes(StandardCharsets.UTF_8);

    @Setup
    public void setUp() {
        fleet = Fleet.builder().name("bench-fc-" + ProcessHandle.current().pid()).join();
        bridge = Bridges.start(fleet, "bench-host", redisPort, null);
        cache = bridge.cache("quotes");
        if (!cache.put(key, new byte[256], Duration.ZERO)) {
            throw new IllegalStateException("put through Redis failed: " + bridge.stats());
        }
    }

    @TearDown
    public void tearDown() {
        bridge.close();
        fleet.close();
    }

    @Benchmark
    public Optional<byte[]> nearHit() {
        return cache.get(key);
    }
}
