package dev.orbit.bench.contest;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
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

/**
 * The comparison for the uncontended claim + release row: ShedLock's {@code RedisLockProvider} (Spring Data
 * Redis over Lettuce) taking and releasing one lock on a local redis-server, as ShedLock does around each
 * run of a scheduled job. Lock names rotate over a small set, as {@code @SchedulerLock} names do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ShedLockClaimBenchmark {

    /** Port of the local redis-server. */
    @Param("6379")
    public int redisPort;

    private ShedLocks.Redis shedLock;
    private final String[] names = new String[16];
    private int next;

    @Setup
    public void setUp() {
        shedLock = ShedLocks.redis(redisPort);
        for (int i = 0; i < names.length; i++) {
            names[i] = "bench-job-" + i;
        }
    }

    @TearDown
    public void tearDown() {
        shedLock.close();
    }

    @Benchmark
    public SimpleLock lockAndUnlock() {
        final LockConfiguration config = new LockConfiguration(
            Instant.now(), names[next++ & (names.length - 1)], Duration.ofSeconds(30), Duration.ZERO);
        final Optional<SimpleLock> lock = shedLock.provider().lock(config);
        if (lock.isEmpty()) {
            throw new IllegalStateException("uncontended ShedLock lock was not acquired: " + config);
        }
        lock.get().unlock();
        return lock.get();
    }
}
