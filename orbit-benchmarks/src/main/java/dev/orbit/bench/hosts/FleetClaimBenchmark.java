package dev.orbit.bench.hosts;

import java.time.Duration;
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

import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.redis.FleetClaimResult;
import dev.orbit.redis.RedisBridge;

/**
 * Fleet claim + release, uncontended: the local contest, then one script to claim (SET NX PX + fence counter) and
 * one to release (compare and delete). Compare with {@code ShedLockClaimBenchmark.lockAndUnlock} on the same
 * redis-server. Subjects rotate over a small set, as the ShedLock comparison's lock names do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FleetClaimBenchmark {

    /** Port of the local redis-server. */
    @Param("6379")
    public int redisPort;

    private Fleet fleet;
    private RedisBridge bridge;
    private final Subject[] subjects = new Subject[16];
    private int next;

    @Setup
    public void setUp() {
        fleet = Fleet.builder().name("bench-fcl-" + ProcessHandle.current().pid()).join();
        bridge = Bridges.start(fleet, "bench-host", redisPort, null);
        for (int i = 0; i < subjects.length; i++) {
            subjects[i] = Subject.of("bench-job-" + i);
        }
    }

    @TearDown
    public void tearDown() {
        bridge.close();
        fleet.close();
    }

    @Benchmark
    public long claimAndRelease() {
        final FleetClaimResult result = bridge.claims().tryClaim(subjects[next++ & (subjects.length - 1)], "bench",
            Duration.ofSeconds(30));
        if (!(result instanceof FleetClaimResult.Claimed claimed)) {
            throw new IllegalStateException("uncontended fleet claim not won: " + result);
        }
        final long token = claimed.guard().fenceToken();
        claimed.guard().close();
        return token;
    }
}
