package dev.orbit.bench.xproc;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

import dev.orbit.bench.support.Args;
import dev.orbit.bench.support.Hazelcasts;
import dev.orbit.bench.support.ResultFile;
import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.testsupport.ChildJvm;

/**
 * One-way latency between two JVMs, measured as half the round trip of a ping-pong, both sides busy
 * spinning. The parent ("ping") creates the channel, starts the child ("pong"), sends sequence numbers and
 * records {@code RTT/2} of each in an HdrHistogram after a warm-up; the child echoes each one back.
 * <p>
 * Transports: {@code orbit-ring} (two rings of a shared-memory fleet), {@code agrona-broadcast} (two Agrona
 * broadcast buffers in mapped files), {@code orbit-cache} (put in one JVM, get in the other) and
 * {@code redis} (SET in one JVM, GET in the other, local redis-server) and {@code hazelcast} (IMap set in one
 * embedded member, get in the other, a two-member cluster on loopback).
 * <p>
 * {@code java -cp benchmarks.jar dev.orbit.bench.xproc.PingPong transport=orbit-ring warmup=200000
 * count=1000000 out=results/x [redisPort=N]}
 */
public final class PingPong {

    /** The flag Agrona's {@code UnsafeBuffer} needs; only the Agrona comparison children get it. */
    public static final List<String> AGRONA_EXPORTS =
        List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final long REPLY_TIMEOUT_NS = Duration.ofSeconds(10).toNanos();

    private PingPong() {
    }

    /**
     * @param args {@code key=value}: role (ping|pong), transport, warmup, count, out, redisPort, and the
     *             channel names the parent hands to the child.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception {
        final Args a = new Args(args);
        if (a.get("role", "ping").equals("pong")) {
            pong(a);
        }
        else {
            final Map<String, Object> result = run(a.get("transport"), a.getInt("warmup", 200_000),
                a.getInt("count", 1_000_000), Path.of(a.get("out", ".")), a.getInt("redisPort", 0));
            System.out.println(result);
        }
    }

    /**
     * Runs the parent side and writes {@code pingpong-<transport>.properties/.hlog/.hgrm} under {@code out}.
     *
     * @param transport one of orbit-ring, agrona-broadcast, orbit-cache, redis, hazelcast.
     * @param warmup    round trips before measuring.
     * @param count     measured round trips.
     * @param out       result directory.
     * @param redisPort port of the local redis-server (redis transport only).
     * @return the figures written.
     */
    public static Map<String, Object> run(
        final String transport, final int warmup, final int count, final Path out, final int redisPort) {
        final String tag = "bench-pp-" + ProcessHandle.current().pid();
        final List<String> childArgs = new ArrayList<>(List.of("role=pong", "transport=" + transport, "tag=" + tag,
            "redisPort=" + redisPort));
        final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m"));
        if (transport.equals("agrona-broadcast")) {
            jvmArgs.addAll(AGRONA_EXPORTS);
        }
        String hazelcast = "hazelcast=";
        if (transport.equals("hazelcast")) {
            final int[] ports = Hazelcasts.freePorts(2);
            hazelcast += Hazelcasts.clusterName() + ":" + ports[0] + ":" + ports[1];
            childArgs.add(hazelcast);
            jvmArgs.addAll(Hazelcasts.JVM_OPTIONS);
        }
        final Histogram histogram = Histograms.nanos();
        try (Endpoint ping = open(transport, tag, redisPort, hazelcast, true);
             ChildJvm child = ChildJvm.of(PingPong.class).jvmOptions(jvmArgs).args(childArgs).start()) {
            child.awaitLine("READY", READY_TIMEOUT);
            long seq = 1;
            for (int i = 0; i < warmup; i++, seq++) {
                roundTrip(ping, seq);
            }
            for (int i = 0; i < count; i++, seq++) {
                final long start = System.nanoTime();
                roundTrip(ping, seq);
                histogram.recordValue((System.nanoTime() - start) >> 1);
            }
            ping.send(Endpoint.STOP);
            child.awaitExit(Duration.ofSeconds(30));
        }
        finally {
            cleanUp(transport, tag);
        }
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("transport", transport);
        result.put("warmup", warmup);
        result.put("payload.bytes", Frames.PAYLOAD);
        result.putAll(Histograms.summary(histogram, "oneway."));
        final String name = "pingpong-" + transport;
        Histograms.save(histogram, out.resolve(name));
        ResultFile.write(out.resolve(name + ".properties"), result);
        return result;
    }

    private static void roundTrip(final Endpoint ping, final long seq) {
        ping.send(seq);
        final long start = System.nanoTime();
        int spins = 0;
        while (ping.poll() != seq) {
            if ((++spins & 0xFFFF) == 0 && System.nanoTime() - start > REPLY_TIMEOUT_NS) {
                throw new IllegalStateException("no reply within 10 s: seq=" + seq);
            }
        }
    }

    private static void pong(final Args a) {
        ChildJvm.exitWithParent();
        final ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        try (Endpoint pong = open(a.get("transport"), a.get("tag"), a.getInt("redisPort", 0), "hazelcast=" + a.get("hazelcast", ""),
            false)) {
            System.out.println("READY");
            System.out.flush();
            long last = Endpoint.NONE;
            long spins = 0;
            while (true) {
                final long seq = pong.poll();
                if (seq == Endpoint.NONE || seq == last) {
                    if ((++spins & 0xFFFFF) == 0 && parent != null && !parent.isAlive()) {
                        return;
                    }
                    continue;
                }
                last = seq;
                if (seq == Endpoint.STOP) {
                    return;
                }
                pong.send(seq);
            }
        }
    }

    private static Endpoint open(final String transport, final String tag, final int redisPort, final String hazelcast,
        final boolean parent) {
        switch (transport) {
            case "orbit-ring": {
                final Fleet fleet = Fleet.builder().name(tag).label(parent ? "ping" : "pong").joinShm();
                return parent ? new OrbitRingEndpoint(fleet, Frames.Ping.class, Frames.Pong.class)
                    : new OrbitRingEndpoint(fleet, Frames.Pong.class, Frames.Ping.class);
            }
            case "orbit-cache": {
                final Fleet fleet = Fleet.builder().name(tag).label(parent ? "ping" : "pong").joinShm();
                return parent ? new OrbitCacheEndpoint(fleet, "ping-key-0000000", "pong-key-0000000")
                    : new OrbitCacheEndpoint(fleet, "pong-key-0000000", "ping-key-0000000");
            }
            case "agrona-broadcast": {
                final File ping = agronaFile(tag, "ping");
                final File pong = agronaFile(tag, "pong");
                return parent ? AgronaBroadcastEndpoint.create(ping, pong) : AgronaBroadcastEndpoint.attach(pong, ping);
            }
            case "redis": {
                if (parent) {
                    final RedisEndpoint endpoint = new RedisEndpoint(redisPort, tag + ":ping", tag + ":pong");
                    endpoint.clear();
                    return endpoint;
                }
                return new RedisEndpoint(redisPort, tag + ":pong", tag + ":ping");
            }
            case "hazelcast": {
                // hazelcast=<cluster>:<parent port>:<child port>
                final String[] parts = hazelcast.substring("hazelcast=".length()).split(":");
                return HazelcastEndpoint.open(parts[0], new int[] {Integer.parseInt(parts[1]), Integer.parseInt(parts[2])}, parent);
            }
            default:
                throw new IllegalArgumentException("unknown transport: transport=" + transport +
                    ", expected orbit-ring, agrona-broadcast, orbit-cache, redis or hazelcast");
        }
    }

    private static File agronaFile(final String tag, final String side) {
        return SegmentNames.defaultDirectory().resolve(tag + "-agrona-" + side).toFile();
    }

    private static void cleanUp(final String transport, final String tag) {
        final String lower = transport.toLowerCase(Locale.ROOT);
        if (lower.startsWith("orbit")) {
            Fleet.unlink(SegmentNames.defaultDirectory(), tag, true);
        }
        else if (lower.startsWith("agrona")) {
            try {
                Files.deleteIfExists(agronaFile(tag, "ping").toPath());
                Files.deleteIfExists(agronaFile(tag, "pong").toPath());
            }
            catch (final java.io.IOException e) {
                System.err.println("cannot delete Agrona files of " + tag + ": " + e);
            }
        }
    }
}
