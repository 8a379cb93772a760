package dev.orbit.bench.xproc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.orbit.bench.support.Args;
import dev.orbit.bench.support.ResultFile;
import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingStats;
import dev.orbit.testsupport.ChildJvm;

/**
 * Publish cost as writer processes are added: 1..N child JVMs publish 64-byte frames into one ring of a
 * shared-memory fleet as fast as they can, all starting on the same signal, for a fixed time. Reports the
 * aggregate rate, the mean time per publish in each process and the writes the ring lost (lapped before
 * commit, or slot still held by a live writer).
 * <p>
 * {@code java -cp benchmarks.jar dev.orbit.bench.xproc.WriterScaling maxProcs=4 warmupMs=1000
 * durationMs=2000 out=results/x}
 */
public final class WriterScaling {

    private static final List<String> CHILD_JVM = List.of("-Xmx128m");

    private WriterScaling() {
    }

    /**
     * @param args {@code key=value}: role (parent|writer), maxProcs, warmupMs, durationMs, out.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception {
        final Args a = new Args(args);
        if (a.get("role", "parent").equals("writer")) {
            write(a);
        }
        else {
            System.out.println(run(a.getInt("maxProcs", 4), a.getInt("warmupMs", 1000), a.getInt("durationMs", 2000),
                Path.of(a.get("out", "."))));
        }
    }

    /**
     * Runs 1..maxProcs writers and writes {@code writers.properties} under {@code out}.
     *
     * @param maxProcs   most writer processes.
     * @param warmupMs   each writer's warm-up before the start signal.
     * @param durationMs measured time.
     * @param out        result directory.
     * @return the figures written.
     */
    public static Map<String, Object> run(final int maxProcs, final int warmupMs, final int durationMs, final Path out) {
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("payload.bytes", Frames.PAYLOAD);
        result.put("duration.ms", durationMs);
        result.put("maxProcs", maxProcs);
        for (int procs = 1; procs <= maxProcs; procs++) {
            result.putAll(runOnce(procs, warmupMs, durationMs));
        }
        ResultFile.write(out.resolve("writers.properties"), result);
        return result;
    }

    private static Map<String, Object> runOnce(final int procs, final int warmupMs, final int durationMs) {
        final String tag = "bench-wr-" + ProcessHandle.current().pid() + "-" + procs;
        final List<ChildJvm> writers = new ArrayList<>();
        final Map<String, Object> result = new LinkedHashMap<>();
        try (Fleet fleet = Fleet.builder().name(tag).label("coordinator").joinShm()) {
            final Ring ring = fleet.ring(Frames.Load.class);
            for (int i = 0; i < procs; i++) {
                writers.add(ChildJvm.of(WriterScaling.class).jvmOptions(CHILD_JVM).args(List.of("role=writer", "tag=" + tag,
                    "warmupMs=" + warmupMs, "durationMs=" + durationMs)).start());
            }
            for (final ChildJvm writer : writers) {
                writer.awaitLine("READY", Duration.ofSeconds(60));
            }
            final RingStats before = ring.stats();
            for (final ChildJvm writer : writers) {
                writer.send("GO");
            }
            double rate = 0;
            double nanosPerPublish = 0;
            long published = 0;
            long lost = 0;
            for (final ChildJvm writer : writers) {
                final String[] done = writer.awaitLine("DONE", Duration.ofSeconds(60)).split(" ");
                final long count = Long.parseLong(done[1]);
                final long lostHere = Long.parseLong(done[2]);
                final long elapsed = Long.parseLong(done[3]);
                rate += count * 1e9 / elapsed;
                nanosPerPublish += (double)elapsed / count;
                published += count;
                lost += lostHere;
                writer.awaitExit(Duration.ofSeconds(30));
            }
            final RingStats after = ring.stats();
            final String p = "procs." + procs + ".";
            result.put(p + "rate.per.s", Math.round(rate));
            result.put(p + "ns.per.publish", String.format(Locale.ROOT, "%.1f", nanosPerPublish / procs));
            result.put(p + "published", published);
            result.put(p + "lost", lost);
            result.put(p + "ring.lostWrites", after.lostWrites() - before.lostWrites());
            result.put(p + "ring.busyWrites", after.busyWrites() - before.busyWrites());
        }
        finally {
            writers.forEach(ChildJvm::close);
            Fleet.unlink(SegmentNames.defaultDirectory(), tag, true);
        }
        return result;
    }

    private static void write(final Args a) throws Exception {
        ChildJvm.exitWithParent();
        final long warmupNs = Duration.ofMillis(a.getInt("warmupMs", 1000)).toNanos();
        final long durationNs = Duration.ofMillis(a.getInt("durationMs", 2000)).toNanos();
        try (Fleet fleet = Fleet.builder().name(a.get("tag")).label("writer").joinShm()) {
            final Ring ring = fleet.ring(Frames.Load.class);
            final ByteBuffer payload = ByteBuffer.allocateDirect(Frames.PAYLOAD).order(ByteOrder.LITTLE_ENDIAN);
            publishFor(ring, payload, warmupNs);
            System.out.println("READY");
            System.out.flush();
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                throw new IllegalStateException("expected GO from the coordinator");
            }
            final long start = System.nanoTime();
            final long[] counts = publishFor(ring, payload, durationNs);
            final long elapsed = System.nanoTime() - start;
            System.out.println("DONE " + counts[0] + " " + counts[1] + " " + elapsed);
            System.out.flush();
        }
    }

    private static long[] publishFor(final Ring ring, final ByteBuffer payload, final long nanos) {
        final long end = System.nanoTime() + nanos;
        long count = 0;
        long lost = 0;
        do {
            for (int i = 0; i < 1024; i++) {
                payload.putLong(0, count);
                if (ring.publish(0, count, payload, 0, Frames.PAYLOAD) == NetId64.NULL) {
                    lost++;
                }
                count++;
            }
        }
        while (System.nanoTime() < end);
        return new long[] {count, lost};
    }
}
