package dev.orbit.bench.xproc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.HdrHistogram.Histogram;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;

import dev.orbit.bench.support.Args;
import dev.orbit.bench.support.Hazelcasts;
import dev.orbit.bench.support.ResultFile;
import dev.orbit.testsupport.ChildJvm;

/**
 * The Hazelcast comparison for sporadic {@code @OrbitListener} delivery ({@link ListenerDelivery}): this JVM is an
 * embedded member that publishes 64-byte messages on an {@code ITopic} at a steady pace; a second member in
 * another JVM listens with a plain {@code MessageListener} and records publish-to-listener latency on the host's
 * one monotonic clock. Before publishing, the listening process is left idle for a while and its CPU time over
 * that window is reported as a share of one core, as for the Orbit listener.
 * <p>
 * {@code java -cp benchmarks.jar dev.orbit.bench.xproc.HazelcastTopicDelivery warmup=1000 count=10000
 * spacingMicros=1000 idleSeconds=10 tag=1ms out=results/x}
 */
public final class HazelcastTopicDelivery {

    static final String TOPIC = "bench-topic";
    static final long WARMUP = 1;
    static final long MEASURED = 2;
    static final long STOP = 3;

    private HazelcastTopicDelivery() {
    }

    /**
     * @param args {@code key=value}: role (publisher|listener), warmup, count, spacingMicros, idleSeconds, tag, out.
     * @throws InterruptedException when interrupted.
     */
    public static void main(final String[] args) throws InterruptedException {
        final Args a = new Args(args);
        if (a.get("role", "publisher").equals("listener")) {
            listen(a);
            return;
        }
        System.out.println(run(a.getInt("warmup", 1000), a.getInt("count", 10_000), a.getInt("spacingMicros", 1000),
            a.getInt("idleSeconds", 5), a.get("tag", ""), Path.of(a.get("out", "."))));
    }

    /**
     * Runs one publisher member here and one listener member in a child JVM, and writes
     * {@code topic-hazelcast[-<tag>].properties} under {@code out}.
     *
     * @param warmup        messages before recording.
     * @param count         recorded messages.
     * @param spacingMicros time between messages.
     * @param idleSeconds   idle window for the CPU figure.
     * @param tag           appended to the result name when not empty.
     * @param out           result directory.
     * @return the figures written.
     */
    public static Map<String, Object> run(final int warmup, final int count, final int spacingMicros, final int idleSeconds,
        final String tag, final Path out) {
        final String name = "topic-hazelcast" + (tag.isEmpty() ? "" : "-" + tag);
        final String cluster = Hazelcasts.clusterName();
        final int[] ports = Hazelcasts.freePorts(2);
        final List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
        jvm.addAll(Hazelcasts.JVM_OPTIONS);
        final Map<String, Object> result = new LinkedHashMap<>();
        final HazelcastInstance member = Hazelcasts.member(cluster, ports[0], ports, false);
        try (ChildJvm listener = ChildJvm.of(HazelcastTopicDelivery.class).jvmOptions(jvm).args(List.of("role=listener",
            "cluster=" + cluster, "port=" + ports[1], "peers=" + ports[0] + "," + ports[1])).start()) {
            listener.awaitLine("READY", Duration.ofSeconds(120));
            Hazelcasts.awaitClusterSize(member, 2, Duration.ofSeconds(120));
            final ITopic<byte[]> topic = member.getTopic(TOPIC);
            final double idleCorePercent = ListenerDelivery.idleCpu(listener, idleSeconds);
            final long spacing = spacingMicros * 1000L;
            long next = System.nanoTime();
            for (int i = 0; i < warmup + count; i++) {
                next += spacing;
                ListenerDelivery.pace(next, spacing);
                topic.publish(message(i < warmup ? WARMUP : MEASURED, System.nanoTime()));
            }
            topic.publish(message(STOP, 0));
            final String[] figures = listener.awaitLine("RESULT", Duration.ofSeconds(60)).split(" ");
            listener.awaitExit(Duration.ofSeconds(60));
            result.put("impl", "hazelcast ITopic, plain MessageListener on another member");
            result.put("spacing.micros", spacingMicros);
            result.put("idle.window.s", idleSeconds);
            result.put("idle.cpu.core.percent", String.format(Locale.ROOT, "%.2f", idleCorePercent));
            result.put("delivery.count", Long.parseLong(figures[1]));
            result.put("delivery.p50.ns", Long.parseLong(figures[2]));
            result.put("delivery.p99.ns", Long.parseLong(figures[3]));
            result.put("delivery.p999.ns", Long.parseLong(figures[4]));
            result.put("delivery.max.ns", Long.parseLong(figures[5]));
            result.put("delivery.mean.ns", Long.parseLong(figures[6]));
        }
        finally {
            member.shutdown();
        }
        ResultFile.write(out.resolve(name + ".properties"), result);
        return result;
    }

    private static byte[] message(final long kind, final long sentNanos) {
        final byte[] payload = new byte[Frames.PAYLOAD];
        final ByteBuffer view = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        view.putLong(0, kind);
        view.putLong(8, sentNanos);
        return payload;
    }

    private static void listen(final Args a) throws InterruptedException {
        ChildJvm.exitWithParent();
        final String[] peerText = a.get("peers").split(",");
        final int[] peers = {Integer.parseInt(peerText[0]), Integer.parseInt(peerText[1])};
        final HazelcastInstance member = Hazelcasts.member(a.get("cluster"), a.getInt("port", 0), peers, false);
        final Histogram histogram = Histograms.nanos();
        final CountDownLatch stopped = new CountDownLatch(1);
        final ITopic<byte[]> topic = member.getTopic(TOPIC);
        topic.addMessageListener(message -> {
            final long received = System.nanoTime();
            final ByteBuffer view = ByteBuffer.wrap(message.getMessageObject()).order(ByteOrder.LITTLE_ENDIAN);
            final long kind = view.getLong(0);
            if (kind == MEASURED) {
                synchronized (histogram) {
                    histogram.recordValue(Math.max(1, received - view.getLong(8)));
                }
            }
            else if (kind == STOP) {
                stopped.countDown();
            }
        });
        Hazelcasts.awaitClusterSize(member, 2, Duration.ofSeconds(120));
        System.out.println("READY");
        System.out.flush();
        stopped.await();
        synchronized (histogram) {
            System.out.println("RESULT " + histogram.getTotalCount() + " " + histogram.getValueAtPercentile(50) + " " +
            histogram.getValueAtPercentile(99) + " " + histogram.getValueAtPercentile(99.9) + " " + histogram.getMaxValue() +
            " " + Math.round(histogram.getMean()));
        }
        System.out.flush();
        member.shutdown();
        System.exit(0);
    }
}
