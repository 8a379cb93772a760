package dev.orbit.bench.xproc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import dev.orbit.bench.hosts.Bridges;
import dev.orbit.bench.support.Args;
import dev.orbit.bench.support.ResultFile;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.redis.FleetClaimResult;
import dev.orbit.redis.RedisBridge;
import dev.orbit.testsupport.ChildJvm;

/**
 * Cross-host takeover of a fleet claim after its holder's {@code kill -9}: host A is a directory with two
 * processes, one running A's bridge and one holding the claim (60 s time to live); this JVM is host B and tries to
 * claim every millisecond once the holder is killed. Only A's bridge noticing the holder gone and releasing the
 * claim can end it early; compare with ShedLock, whose lock ends at {@code lockAtMostFor}.
 * <p>
 * {@code java -cp benchmarks.jar dev.orbit.bench.xproc.FleetTakeover rounds=10 redisPort=N out=results/x}
 */
public final class FleetTakeover {

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration GIVE_UP = Duration.ofSeconds(90);
    private static final List<String> CHILD_JVM = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Subject SUBJECT = Subject.of("takeover");

    private FleetTakeover() {
    }

    /**
     * @param args {@code key=value}: role (parent|bridge|holder), rounds, redisPort, out, dir, tag.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception {
        final Args a = new Args(args);
        switch (a.get("role", "parent")) {
            case "bridge" -> member(a, false);
            case "holder" -> member(a, true);
            default -> System.out.println(run(a.getInt("rounds", 10), a.getInt("redisPort", 6379), Path.of(a.get("out", "."))));
        }
    }

    /**
     * Runs the rounds and writes {@code takeover-orbit-fleet.properties/.hlog/.hgrm} under {@code out}.
     *
     * @param rounds    kills to measure.
     * @param redisPort port of the local redis-server.
     * @param out       result directory.
     * @return the figures written.
     */
    public static Map<String, Object> run(final int rounds, final int redisPort, final Path out) {
        final String tag = "bench-fto-" + ProcessHandle.current().pid();
        final Path hostA = directory(tag + "-a-");
        final Path hostB = directory(tag + "-b-");
        final Histogram histogram = Histograms.nanos();
        final List<Long> samplesMs = new ArrayList<>();
        final List<String> common = List.of("tag=" + tag, "dir=" + hostA, "redisPort=" + redisPort);
        try (Fleet fleetB = Fleet.builder().name(tag).directory(hostB).joinShm();
             RedisBridge bridgeB = Bridges.start(fleetB, "host-b", redisPort, null);
             ChildJvm bridgeA = ChildJvm.of(FleetTakeover.class).jvmOptions(CHILD_JVM).args(with(common, "role=bridge")).start()) {
            bridgeA.awaitLine("ACTIVE", Duration.ofSeconds(60));
            for (int round = 0; round < rounds; round++) {
                try (ChildJvm holder =
                         ChildJvm.of(FleetTakeover.class).jvmOptions(CHILD_JVM).args(with(common, "role=holder")).start()) {
                    holder.awaitLine("HELD", Duration.ofSeconds(60));
                    if (bridgeB.claims().tryClaim(SUBJECT, "peer", TTL).isClaimed()) {
                        throw new IllegalStateException("host B holds the claim while host A's holder lives");
                    }
                    final long killed = System.nanoTime();
                    holder.kill9();
                    FleetClaimResult result;
                    while (!((result = bridgeB.claims().tryClaim(SUBJECT, "peer", TTL)) instanceof FleetClaimResult.Claimed)) {
                        if (System.nanoTime() - killed > GIVE_UP.toNanos()) {
                            throw new IllegalStateException("no takeover within " + GIVE_UP + ": " + result);
                        }
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    }
                    final long elapsed = System.nanoTime() - killed;
                    histogram.recordValue(elapsed);
                    samplesMs.add(TimeUnit.NANOSECONDS.toMillis(elapsed));
                    ((FleetClaimResult.Claimed)result).guard().close();
                }
            }
        }
        finally {
            Fleet.unlink(hostA, tag, true);
            Fleet.unlink(hostB, tag, true);
            delete(hostA);
            delete(hostB);
        }
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("impl", "orbit-fleet");
        result.put("rounds", rounds);
        result.put("ttl.ms", TTL.toMillis());
        result.put("samples.ms", samplesMs.toString());
        result.putAll(Histograms.summary(histogram, "takeover."));
        Histograms.save(histogram, out.resolve("takeover-orbit-fleet"));
        ResultFile.write(out.resolve("takeover-orbit-fleet.properties"), result);
        return result;
    }

    private static void member(final Args a, final boolean holder) {
        ChildJvm.exitWithParent();
        final Fleet fleet = Fleet.builder().name(a.get("tag")).directory(Path.of(a.get("dir"))).joinShm();
        final RedisBridge bridge = holder ?
            dev.orbit.redis.RedisBridge.builder(fleet).redisUri("redis://127.0.0.1:" + a.getInt("redisPort", 6379))
                .hostId("host-a").build().start() :
            Bridges.start(fleet, "host-a", a.getInt("redisPort", 6379), null);
        if (holder) {
            final FleetClaimResult result = bridge.claims().tryClaim(SUBJECT, "holder", TTL);
            if (!result.isClaimed()) {
                throw new IllegalStateException("holder did not get the claim: " + result);
            }
            System.out.println("HELD");
        }
        else {
            System.out.println("ACTIVE");
        }
        System.out.flush();
        while (true) {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        }
    }

    private static List<String> with(final List<String> common, final String role) {
        final List<String> args = new ArrayList<>(common);
        args.add(role);
        return args;
    }

    private static Path directory(final String prefix) {
        try {
            return Files.createTempDirectory(SegmentNames.defaultDirectory(), prefix);
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void delete(final Path directory) {
        try (var files = Files.list(directory)) {
            files.forEach(file -> file.toFile().delete());
            Files.deleteIfExists(directory);
        }
        catch (final IOException ignored) {
            // best effort
        }
    }
}
