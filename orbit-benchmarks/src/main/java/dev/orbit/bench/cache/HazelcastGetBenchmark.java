package dev.orbit.bench.cache;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.hazelcast.map.IMap;

import dev.orbit.bench.support.Hazelcasts;

/**
 * The Hazelcast comparison for the cache get rows: an embedded Hazelcast 5.6 member in this JVM and a second
 * member in another JVM ({@link Hazelcasts.Pair}, loopback only), the same 1024 keys (String) and 64-byte values
 * as {@link OrbitCacheGetBenchmark} and {@link CaffeineGetBenchmark}. {@code getHit} reads an {@code IMap}
 * without a near cache (the partitions of half the keys live in the other JVM); {@code nearHit} reads a map
 * whose near cache on this member holds every key (default BINARY format, local entries cached too): what a
 * user after fast reads would configure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"})
public class HazelcastGetBenchmark {

    private Hazelcasts.Pair cluster;
    private IMap<String, byte[]> map;
    private IMap<String, byte[]> near;
    private String[] hits;
    private int next;

    @Setup
    public void setUp() {
        cluster = Hazelcasts.Pair.start();
        map = cluster.local().getMap(Hazelcasts.MAP);
        near = cluster.local().getMap(Hazelcasts.NEAR_MAP);
        hits = new String[CacheKeys.WORKING_SET];
        for (int i = 0; i < CacheKeys.WORKING_SET; i++) {
            hits[i] = CacheKeys.hitKey(i);
            map.set(hits[i], CacheKeys.value(i));
            near.set(hits[i], CacheKeys.value(i));
        }
        for (final String key : hits) {
            if (near.get(key) == null || map.get(key) == null) {
                throw new IllegalStateException("setup put was lost: key=" + key);
            }
        }
        final long cached = near.getLocalMapStats().getNearCacheStats().getOwnedEntryCount();
        if (cached != CacheKeys.WORKING_SET) {
            throw new IllegalStateException("the near cache holds " + cached + " of " + CacheKeys.WORKING_SET + " keys");
        }
    }

    @TearDown
    public void tearDown() {
        cluster.close();
    }

    @Benchmark
    public byte[] getHit() {
        return expectHit(map.get(hits[next++ & (CacheKeys.WORKING_SET - 1)]));
    }

    @Benchmark
    public byte[] nearHit() {
        return expectHit(near.get(hits[next++ & (CacheKeys.WORKING_SET - 1)]));
    }

    private static byte[] expectHit(final byte[] value) {
        if (value == null) {
            throw new IllegalStateException("expected a hit");
        }
        return value;
    }
}
