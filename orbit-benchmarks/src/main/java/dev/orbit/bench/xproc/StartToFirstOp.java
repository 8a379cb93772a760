package dev.orbit.bench.xproc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.orbit.bench.support.Args;
import dev.orbit.bench.support.Hazelcasts;
import dev.orbit.bench.support.ResultFile;
import dev.orbit.cache.OrbitCache;
import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.ring.RingSpec;
import dev.orbit.testsupport.ChildJvm;

/**
 * "Start to first operation": how long a new application JVM takes, from its process being started to its first
 * successful operation on the shared state that other processes already use. This process keeps the shared state
 * alive (an Orbit shared-memory fleet, or a running Hazelcast member); each round starts a new JVM that joins it
 * (a fleet handle, or a second embedded member), puts a 64-byte value and reads it back, and prints a line. The
 * figure is the process wall time, measured here, from the start of the child to that line.
 * <p>
 * {@code java -cp benchmarks.jar dev.orbit.bench.xproc.StartToFirstOp impl=orbit|hazelcast rounds=5 out=results/x}
 */
public final class StartToFirstOp {

    private static final RingSpec SPEC = RingSpec.of(1024, 96);
    private static final String KEY = "start-key-000000";

    private StartToFirstOp() {
    }

    /**
     * @param args {@code key=value}: impl (orbit|hazelcast), rounds, out; the child gets role=child and its shared
     *             state's coordinates.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception {
        final Args a = new Args(args);
        if (a.get("role", "parent").equals("child")) {
            child(a);
            return;
        }
        System.out.println(run(a.get("impl"), a.getInt("rounds", 5), Path.of(a.get("out", "."))));
    }

    /**
     * Runs the rounds and writes {@code start-<impl>.properties} under {@code out}.
     *
     * @param impl   orbit or hazelcast.
     * @param rounds new JVMs to start, one after the other.
     * @param out    result directory.
     * @return the figures written.
     */
    public static Map<String, Object> run(final String impl, final int rounds, final Path out) {
        if (!impl.equals("orbit") && !impl.equals("hazelcast")) {
            throw new IllegalArgumentException("unknown impl: impl=" + impl + ", expected orbit or hazelcast");
        }
        final boolean orbit = impl.equals("orbit");
        final String fleetName = "bench-start-" + ProcessHandle.current().pid();
        final String cluster = Hazelcasts.clusterName();
        final int parentPort = orbit ? 0 : Hazelcasts.freePorts(1)[0];
        final long[] nanos = new long[rounds];
        final Fleet fleet = orbit ? Fleet.builder().name(fleetName).label("running").joinShm() : null;
        final HazelcastInstance member = orbit ? null : Hazelcasts.member(cluster, parentPort, new int[] {parentPort}, false);
        try {
            if (fleet != null) {
                fleet.cache("start", SPEC);
            }
            if (member != null) {
                member.getMap(Hazelcasts.MAP).set(KEY, new byte[Frames.PAYLOAD]);
            }
            for (int round = 0; round < rounds; round++) {
                final List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
                final List<String> args = new ArrayList<>(List.of("role=child", "impl=" + impl));
                if (orbit) {
                    args.add("fleet=" + fleetName);
                }
                else {
                    jvm.addAll(Hazelcasts.JVM_OPTIONS);
                    final int port = Hazelcasts.freePorts(1)[0];
                    args.addAll(List.of("cluster=" + cluster, "port=" + port, "peers=" + parentPort + "," + port));
                }
                final long start = System.nanoTime();
                try (ChildJvm child = ChildJvm.of(StartToFirstOp.class).jvmOptions(jvm).args(args).start()) {
                    child.awaitLine("FIRST-OP", Duration.ofSeconds(120));
                    nanos[round] = System.nanoTime() - start;
                    child.closeInput();
                    child.awaitExit(Duration.ofSeconds(60));
                }
                if (member != null) {
                    Hazelcasts.awaitClusterSize(member, 1, Duration.ofSeconds(60));
                }
            }
        }
        finally {
            Optional.ofNullable(member).ifPresent(HazelcastInstance::shutdown);
            if (fleet != null) {
                fleet.close();
                Fleet.unlink(SegmentNames.defaultDirectory(), fleetName, true);
            }
        }
        Arrays.sort(nanos);
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("impl", impl);
        result.put("rounds", rounds);
        result.put("start.p50.ns", nanos[(rounds - 1) / 2]);
        result.put("start.min.ns", nanos[0]);
        result.put("start.max.ns", nanos[rounds - 1]);
        result.put("start.all.ns", Arrays.toString(nanos));
        ResultFile.write(out.resolve("start-" + impl + ".properties"), result);
        return result;
    }

    private static void child(final Args a) throws Exception {
        ChildJvm.exitWithParent();
        final byte[] value = new byte[Frames.PAYLOAD];
        Arrays.fill(value, (byte)7);
        if (a.get("impl").equals("orbit")) {
            try (Fleet fleet = Fleet.builder().name(a.get("fleet")).label("new").joinShm()) {
                final OrbitCache cache = fleet.cache("start", SPEC);
                final byte[] key = KEY.getBytes(StandardCharsets.US_ASCII);
                if (!cache.put(key, value) || !cache.get(key).map(v -> Arrays.equals(v, value)).orElse(false)) {
                    throw new IllegalStateException("the first put was not read back");
                }
                firstOp();
                awaitInputClosed();
            }
            return;
        }
        final String[] peerText = a.get("peers").split(",");
        final int[] peers = {Integer.parseInt(peerText[0]), Integer.parseInt(peerText[1])};
        final HazelcastInstance member = Hazelcasts.member(a.get("cluster"), a.getInt("port", 0), peers, false);
        final IMap<String, byte[]> map = member.getMap(Hazelcasts.MAP);
        map.set(KEY, value);
        if (!Arrays.equals(map.get(KEY), value)) {
            throw new IllegalStateException("the first put was not read back");
        }
        if (member.getCluster().getMembers().size() != 2) {
            throw new IllegalStateException("the new member did not join the running one: " + member.getCluster().getMembers());
        }
        firstOp();
        awaitInputClosed();
        member.shutdown();
        System.exit(0);
    }

    private static void firstOp() {
        System.out.println("FIRST-OP");
        System.out.flush();
    }

    private static void awaitInputClosed() throws IOException {
        while (System.in.read() >= 0) {
            // stay until the parent has its figure
        }
    }
}
