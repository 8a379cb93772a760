package dev.orbit.bench.contest;

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
 * The Hazelcast comparison for claim + release: {@code IMap.tryLock(key)} then {@code IMap.unlock(key)} on a
 * two-member cluster (this JVM and another, loopback only), over a rotating set of 16 keys as
 * {@link OrbitClaimBenchmark} rotates 16 subjects; the keys' partitions are spread over both members.
 * <p>
 * Why the map lock: Hazelcast's linearizable {@code FencedLock} lives in the CP subsystem, which needs at least
 * three members (and in 5.6 the CP subsystem is an Enterprise feature); with two members the map's pessimistic
 * lock is what a user picks. {@code tryLock} (never waits) matches Orbit's {@code tryClaim}.
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
public class HazelcastLockBenchmark {

    private Hazelcasts.Pair cluster;
    private IMap<String, byte[]> map;
    private final String[] keys = new String[16];
    private int next;

    @Setup
    public void setUp() {
        cluster = Hazelcasts.Pair.start();
        map = cluster.local().getMap(Hazelcasts.MAP);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "bench-job-" + i;
        }
    }

    @TearDown
    public void tearDown() {
        cluster.close();
    }

    @Benchmark
    public boolean lockAndUnlock() {
        final String key = keys[next++ & (keys.length - 1)];
        if (!map.tryLock(key)) {
            throw new IllegalStateException("uncontended tryLock failed: key=" + key);
        }
        map.unlock(key);
        return true;
    }
}
