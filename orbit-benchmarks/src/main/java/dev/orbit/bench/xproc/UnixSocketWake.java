package dev.orbit.bench.xproc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.bench.support.Args;
import dev.orbit.bench.support.ResultFile;
import dev.orbit.testsupport.ChildJvm;

import org.HdrHistogram.Histogram;

/**
 * The floor under every "sleep until nudged" delivery on this machine, with no Orbit in it: a thread in one JVM
 * blocked in a read of a Unix-domain stream socket, and another JVM writing 16 bytes (index, send time) to it at a
 * steady pace; the reader records write-to-read-return latency on the host's one monotonic clock. What remains
 * is the kernel's wake-up of a blocked thread and the scheduler getting it onto a core — the same wake-up an
 * {@code @OrbitListener} asleep on its ring takes when a publisher nudges it, so the listener row's distance to
 * this one is what Orbit adds.
 * <p>
 * {@code java -cp benchmarks.jar dev.orbit.bench.xproc.UnixSocketWake warmup=1000 count=10000 spacingMicros=1000
 * [tag=1ms] out=results/x}
 */
public final class UnixSocketWake {

    private static final int MESSAGE = 16;

    private static final long STOP = -1;

    private UnixSocketWake() {
    }

    /**
     * @param args {@code key=value}: warmup, count, spacingMicros, tag (appended to the result name), out; the
     *             reader child gets {@code role=reader socket=<path>} and the same warmup.
     */
    public static void main(final String[] args) throws IOException {
        final Args a = new Args(args);
        if ("reader".equals(a.get("role", "writer"))) {
            read(Path.of(a.get("socket")), a.getInt("warmup", 1000));
            return;
        }
        System.out.println(run(a.getInt("warmup", 1000), a.getInt("count", 10_000), a.getInt("spacingMicros", 1000),
            a.get("tag", ""), Path.of(a.get("out", "."))));
    }

    /**
     * Runs one reader process and writes {@code unix-socket-wake[-<tag>].properties/.hlog/.hgrm} under {@code out}.
     *
     * @param warmup        messages before recording.
     * @param count         recorded messages.
     * @param spacingMicros time between messages.
     * @param tag           appended to the result name when not empty.
     * @param out           result directory.
     * @return the figures written.
     */
    public static Map<String, Object> run(final int warmup, final int count, final int spacingMicros, final String tag,
        final Path out) throws IOException {
        final String name = "unix-socket-wake" + (tag.isEmpty() ? "" : "-" + tag);
        final Path directory = Files.createTempDirectory("orbit-bench-wake");
        final Path socket = directory.resolve("reader.sock");
        final Map<String, Object> result = new LinkedHashMap<>();
        try (ChildJvm reader = ChildJvm.of(UnixSocketWake.class).jvmOptions(List.of("-Xmx64m"))
            .args(List.of("role=reader", "socket=" + socket, "warmup=" + warmup)).start()) {
            reader.awaitLine("READY", Duration.ofSeconds(60));
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                final ByteBuffer message = ByteBuffer.allocateDirect(MESSAGE).order(ByteOrder.LITTLE_ENDIAN);
                final long spacing = spacingMicros * 1000L;
                long next = System.nanoTime();
                for (long i = 0; i < warmup + count; i++) {
                    next += spacing;
                    final long left = next - System.nanoTime();
                    if (left > 0) {
                        LockSupport.parkNanos(left);
                    }
                    send(channel, message, i, System.nanoTime());
                }
                send(channel, message, STOP, 0);
            }
            final String figures = reader.awaitLine("RESULT", Duration.ofSeconds(60));
            reader.awaitExit(Duration.ofSeconds(30));
            result.put("spacing.micros", spacingMicros);
            Histograms.putDelivery(figures, result);
        }
        finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(directory);
        }
        ResultFile.write(out.resolve(name + ".properties"), result);
        return result;
    }

    private static void send(final SocketChannel channel, final ByteBuffer message, final long index, final long sentNanos)
        throws IOException {
        message.clear();
        message.putLong(0, index).putLong(8, sentNanos);
        while (message.hasRemaining()) {
            channel.write(message);
        }
    }

    /** The reader: blocks in read, timestamps each message as the read returns. */
    private static void read(final Path socket, final int warmup) throws IOException {
        final Histogram histogram = Histograms.nanos();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            System.out.println("READY " + ProcessHandle.current().pid());
            try (SocketChannel channel = server.accept()) {
                final ByteBuffer message = ByteBuffer.allocateDirect(MESSAGE).order(ByteOrder.LITTLE_ENDIAN);
                while (true) {
                    message.clear();
                    while (message.hasRemaining()) {
                        if (channel.read(message) < 0) {
                            throw new UncheckedIOException(new IOException("writer closed before its stop message"));
                        }
                    }
                    final long now = System.nanoTime();
                    final long index = message.getLong(0);
                    if (index == STOP) {
                        break;
                    }
                    if (index >= warmup) {
                        histogram.recordValue(Math.max(0, now - message.getLong(8)));
                    }
                }
            }
        }
        System.out.println(Histograms.resultLine(histogram));
    }
}
