package dev.orbit.bench.xproc;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.HdrHistogram.Histogram;

import dev.orbit.bench.contest.ShedLocks;
import dev.orbit.bench.support.Args;
import dev.orbit.bench.support.ResultFile;
import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.testsupport.ChildJvm;

/**
 * "Claim takeover after the holder's {@code kill -9}": a child JVM takes a claim and reports HELD; the parent
 * sends it SIGKILL and then tries to claim every {@value #POLL_MICROS} us until it holds the subject. The time
 * from the kill to the parent's successful claim is one sample.
 * <p>
 * {@code impl=orbit}: Orbit's Contest with a 60 s TTL, so only membership (the holder's process is gone)
 * can end the claim early. {@code impl=shedlock}: ShedLock's Redis provider; nothing notices the holder's
 * death, so the lock ends only at {@code lockAtMostFor} (a parameter; production values are minutes).
 * <p>
 * {@code java -cp benchmarks.jar dev.orbit.bench.xproc.Takeover impl=orbit rounds=10 out=results/x
 * [redisPort=N lockAtMostForMs=2000]}
 */
public final class Takeover {

    static final long POLL_MICROS = 100;

    private static final Duration ORBIT_TTL = Duration.ofSeconds(60);
    private static final Duration GIVE_UP = Duration.ofSeconds(60);
    private static final List<String> CHILD_JVM = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private Takeover() {
    }

    /**
     * @param args {@code key=value}: role (parent|holder), impl, rounds, out, redisPort, lockAtMostForMs.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception {
        final Args a = new Args(args);
        if (a.get("role", "parent").equals("holder")) {
            hold(a);
        }
        else {
            System.out.println(run(a.get("impl"), a.getInt("rounds", 10), Path.of(a.get("out", ".")),
                a.getInt("redisPort", 0), a.getInt("lockAtMostForMs", 2000)));
        }
    }

    /**
     * Runs the rounds and writes {@code takeover-<impl>.properties/.hlog/.hgrm} under {@code out}.
     *
     * @param impl            orbit or shedlock.
     * @param rounds          kills to measure.
     * @param out             result directory.
     * @param redisPort       port of the local redis-server (shedlock only).
     * @param lockAtMostForMs ShedLock's lockAtMostFor (shedlock only).
     * @return the figures written.
     */
    public static Map<String, Object> run(
        final String impl, final int rounds, final Path out, final int redisPort, final int lockAtMostForMs) {
        final String tag = "bench-to-" + ProcessHandle.current().pid();
        final Histogram histogram = Histograms.nanos();
        final List<Long> samplesMs = new ArrayList<>();
        try (Claimer claimer = claimer(impl, tag, redisPort, lockAtMostForMs)) {
            for (int round = 0; round < rounds; round++) {
                final List<String> args = List.of("role=holder", "impl=" + impl, "tag=" + tag,
                    "redisPort=" + redisPort, "lockAtMostForMs=" + lockAtMostForMs);
                try (ChildJvm holder = ChildJvm.of(Takeover.class).jvmOptions(CHILD_JVM).args(args).start()) {
                    holder.awaitLine("HELD", Duration.ofSeconds(60));
                    if (claimer.tryClaim()) {
                        throw new IllegalStateException("peer holds the subject while the holder lives: impl=" + impl);
                    }
                    final long killed = System.nanoTime();
                    holder.kill9();
                    while (!claimer.tryClaim()) {
                        if (System.nanoTime() - killed > GIVE_UP.toNanos()) {
                            throw new IllegalStateException("no takeover within " + GIVE_UP + ": impl=" + impl);
                        }
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(POLL_MICROS));
                    }
                    final long elapsed = System.nanoTime() - killed;
                    histogram.recordValue(elapsed);
                    samplesMs.add(TimeUnit.NANOSECONDS.toMillis(elapsed));
                    claimer.release();
                    holder.awaitExit(Duration.ofSeconds(10));
                }
            }
        }
        finally {
            if (impl.equals("orbit")) {
                Fleet.unlink(SegmentNames.defaultDirectory(), tag, true);
            }
        }
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("impl", impl);
        result.put("rounds", rounds);
        result.put("poll.micros", POLL_MICROS);
        if (impl.equals("orbit")) {
            result.put("ttl.ms", ORBIT_TTL.toMillis());
        }
        else {
            result.put("lockAtMostFor.ms", lockAtMostForMs);
        }
        result.put("samples.ms", samplesMs.toString());
        result.putAll(Histograms.summary(histogram, "takeover."));
        final String name = "takeover-" + impl;
        Histograms.save(histogram, out.resolve(name));
        ResultFile.write(out.resolve(name + ".properties"), result);
        return result;
    }

    /**
     * The peer that waits to take the subject over.
     */
    private interface Claimer extends AutoCloseable {
        boolean tryClaim();

        void release();

        @Override
        void close();
    }

    private static Claimer claimer(final String impl, final String tag, final int redisPort, final int lockAtMostForMs) {
        if (impl.equals("orbit")) {
            final Fleet fleet = Fleet.builder().name(tag).label("peer").joinShm();
            final Contest contest = fleet.contest();
            final Subject subject = Subject.of("takeover");
            return new Claimer() {
                private Claimed held;

                @Override
                public boolean tryClaim() {
                    final ClaimResult result = contest.tryClaim(subject, "peer", ORBIT_TTL);
                    if (result instanceof Claimed) {
                        held = (Claimed)result;
                        return true;
                    }
                    return false;
                }

                @Override
                public void release() {
                    held.guard().close();
                }

                @Override
                public void close() {
                    fleet.close();
                }
            };
        }
        if (impl.equals("shedlock")) {
            final ShedLocks.Redis shedLock = ShedLocks.redis(redisPort);
            final String name = "takeover-" + tag;
            shedLock.provider().lock(new LockConfiguration(Instant.now(), "warmup-peer-" + tag, Duration.ofSeconds(1),
                Duration.ZERO)).ifPresent(SimpleLock::unlock);
            return new Claimer() {
                private SimpleLock held;

                @Override
                public boolean tryClaim() {
                    final Optional<SimpleLock> lock = shedLock.provider().lock(
                        new LockConfiguration(Instant.now(), name, Duration.ofMillis(lockAtMostForMs), Duration.ZERO));
                    lock.ifPresent(l -> held = l);
                    return lock.isPresent();
                }

                @Override
                public void release() {
                    held.unlock();
                }

                @Override
                public void close() {
                    shedLock.close();
                }
            };
        }
        throw new IllegalArgumentException("unknown impl: impl=" + impl + ", expected orbit or shedlock");
    }

    private static void hold(final Args a) throws InterruptedException {
        ChildJvm.exitWithParent();
        final String impl = a.get("impl");
        final String tag = a.get("tag");
        if (impl.equals("orbit")) {
            final Fleet fleet = Fleet.builder().name(tag).label("holder").joinShm();
            final ClaimResult result = fleet.contest().tryClaim(Subject.of("takeover"), "holder", ORBIT_TTL);
            if (!(result instanceof Claimed)) {
                throw new IllegalStateException("holder could not claim: " + result);
            }
        }
        else {
            final ShedLocks.Redis shedLock = ShedLocks.redis(a.getInt("redisPort", 0));
            // Connect first: ShedLock counts lockAtMostFor from the configuration's creation time, and a cold
            // Lettuce connection takes long enough to eat into it.
            shedLock.provider().lock(new LockConfiguration(Instant.now(), "warmup-" + tag, Duration.ofSeconds(1),
                Duration.ZERO)).ifPresent(SimpleLock::unlock);
            final Optional<SimpleLock> lock = shedLock.provider().lock(new LockConfiguration(Instant.now(),
                "takeover-" + tag, Duration.ofMillis(a.getInt("lockAtMostForMs", 2000)), Duration.ZERO));
            if (lock.isEmpty()) {
                throw new IllegalStateException("holder could not lock");
            }
        }
        System.out.println("HELD");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
