package dev.orbit.bench.contest;

import java.time.Duration;
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
import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;

/**
 * Uncontended claim + release on Orbit's Contest: {@code tryClaim} (one CAS on the subject's lock word, plus
 * the audit frame) and {@code close} on the guard (one CAS, plus the audit frame), over the same rotating
 * set of 16 subjects as {@link ShedLockClaimBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class OrbitClaimBenchmark {

    private static final Duration TTL = Duration.ofSeconds(30);

    private Contest contest;
    private final Subject[] subjects = new Subject[16];
    private int next;

    @Setup
    public void setUp() {
        contest = Local.contest();
        for (int i = 0; i < subjects.length; i++) {
            subjects[i] = Subject.of("bench-job-" + i);
        }
    }

    @Benchmark
    public long claimAndRelease() {
        final ClaimResult result = contest.tryClaim(subjects[next++ & (subjects.length - 1)], "bench", TTL);
        if (!(result instanceof Claimed)) {
            throw new IllegalStateException("uncontended claim yielded: " + result);
        }
        try (Guard guard = ((Claimed)result).guard()) {
            return guard.fenceToken();
        }
    }
}
