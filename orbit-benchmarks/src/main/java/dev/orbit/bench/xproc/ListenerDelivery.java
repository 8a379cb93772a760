package dev.orbit.bench.xproc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.bench.support.Args;
import dev.orbit.bench.support.ResultFile;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.ring.RingSpec;
import dev.orbit.testsupport.ChildJvm;

/**
 * "{@code @OrbitListener} delivery across JVMs": a Spring Boot application ({@link ListenerApp}) listens; this
 * process publishes 64-byte events on a plain shared-memory fleet at a steady pace and the listener records
 * publish-to-method latency. Before publishing, the listener process is left idle for a while and its CPU
 * time over that window is reported as a share of one core (every thread of the application, not only the
 * listener's).
 * <p>
 * {@code idle=WAKE_UP} is the starter's default idle strategy (the listener sleeps until a publish nudges it);
 * {@code idle=BACKOFF} parks with growing periods; {@code idle=BUSY_SPIN} spins between polls.
 * <p>
 * {@code java -cp benchmarks.jar dev.orbit.bench.xproc.ListenerDelivery idle=WAKE_UP warmup=500 count=2000
 * spacingMicros=1000 idleSeconds=60 [tag=1ms] out=results/x}
 */
public final class ListenerDelivery {

    private static final RingSpec EVENTS = RingSpec.of(4096, 1024);

    private ListenerDelivery() {
    }

    /**
     * @param args {@code key=value}: idle, warmup, count, spacingMicros, idleSeconds, tag (appended to the result
     *             name), out.
     */
    public static void main(final String[] args) {
        final Args a = new Args(args);
        System.out.println(run(a.get("idle", "WAKE_UP"), a.getInt("warmup", 500), a.getInt("count", 2000),
            a.getInt("spacingMicros", 1000), a.getInt("idleSeconds", 5), a.get("tag", ""), Path.of(a.get("out", "."))));
    }

    /**
     * Runs one listener application and writes {@code listener-<idle>.properties/.hlog/.hgrm} under {@code out}.
     *
     * @param idle          orbit.events.idle-strategy of the listener.
     * @param warmup        events before recording.
     * @param count         recorded events.
     * @param spacingMicros time between events.
     * @param idleSeconds   idle window for the CPU figure.
     * @param out           result directory.
     * @return the figures written.
     */
    public static Map<String, Object> run(final String idle, final int warmup, final int count, final int spacingMicros,
        final int idleSeconds, final Path out) {
        return run(idle, warmup, count, spacingMicros, idleSeconds, "", out);
    }

    /**
     * Runs one listener application and writes {@code listener-<idle>[-<tag>].properties/.hlog/.hgrm} under
     * {@code out}.
     *
     * @param idle          orbit.events.idle-strategy of the listener.
     * @param warmup        events before recording.
     * @param count         recorded events.
     * @param spacingMicros time between events.
     * @param idleSeconds   idle window for the CPU figure.
     * @param tag           appended to the result name when not empty (one idle strategy at several spacings).
     * @param out           result directory.
     * @return the figures written.
     */
    public static Map<String, Object> run(final String idle, final int warmup, final int count, final int spacingMicros,
        final int idleSeconds, final String tag, final Path out) {
        final String fleetName = "bench-ls-" + ProcessHandle.current().pid();
        final String name = "listener-" + idle.toLowerCase(Locale.ROOT).replace('_', '-') + (tag.isEmpty() ? "" : "-" + tag);
        final Map<String, Object> result = new LinkedHashMap<>();
        try (ChildJvm app = ChildJvm.of(ListenerApp.class).jvmOptions(List.of("-Xmx256m")).args(List.of(
            "--orbit.fleet.name=" + fleetName,
            "--orbit.events.idle-strategy=" + idle,
            "--orbit.events.capacity=" + EVENTS.capacity(),
            "--orbit.events.max-payload-size=" + EVENTS.payloadCapacity() + "B",
            "--logging.level.root=WARN",
            "--bench.out=" + out.toAbsolutePath(),
            "--bench.name=" + name)).start()) {
            app.awaitLine("READY", Duration.ofSeconds(120));
            try (Fleet fleet = Fleet.builder().name(fleetName).label("publisher").eventsSpec(EVENTS).joinShm()) {
                final OrbitEventBus bus = fleet.events();
                final double idleCorePercent = idleCpu(app, idleSeconds);
                final byte[] payload = new byte[Frames.PAYLOAD];
                final ByteBuffer view = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
                final long spacing = spacingMicros * 1000L;
                long next = System.nanoTime();
                for (int i = 0; i < warmup + count; i++) {
                    next += spacing;
                    pace(next, spacing);
                    view.putLong(0, i < warmup ? ListenerApp.WARMUP : ListenerApp.MEASURED);
                    view.putLong(8, System.nanoTime());
                    bus.publish(ListenerApp.TOPIC, payload);
                }
                view.putLong(0, ListenerApp.STOP);
                bus.publish(ListenerApp.TOPIC, payload);
                final String figures = app.awaitLine("RESULT", Duration.ofSeconds(60));
                app.awaitExit(Duration.ofSeconds(30));
                result.put("idle.strategy", idle);
                result.put("spacing.micros", spacingMicros);
                result.put("idle.window.s", idleSeconds);
                result.put("idle.cpu.core.percent", String.format(Locale.ROOT, "%.2f", idleCorePercent));
                Histograms.putDelivery(figures, result);
            }
        }
        finally {
            Fleet.unlink(SegmentNames.defaultDirectory(), fleetName, true);
        }
        ResultFile.write(out.resolve(name + ".properties"), result);
        return result;
    }

    /**
     * @return CPU time the listener process used over an idle window, as a percentage of one core.
     */
    static double idleCpu(final ChildJvm app, final int seconds) {
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        final ProcessHandle.Info before = ProcessHandle.of(app.pid()).orElseThrow().info();
        final long wallStart = System.nanoTime();
        LockSupport.parkNanos(Duration.ofSeconds(seconds).toNanos());
        final ProcessHandle.Info after = ProcessHandle.of(app.pid()).orElseThrow().info();
        final long wall = System.nanoTime() - wallStart;
        final long cpu = after.totalCpuDuration().orElseThrow().minus(before.totalCpuDuration().orElseThrow()).toNanos();
        return 100.0 * cpu / wall;
    }

    /** Waits until {@code deadline}: parks for long gaps, spins for the last stretch of short ones. */
    static void pace(final long deadline, final long spacing) {
        if (spacing >= 100_000) {
            final long left = deadline - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(left);
            }
            return;
        }
        while (System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
