package dev.orbit.testkit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.orbit.event.EventHandler;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Fleet;
import dev.orbit.ring.StartPosition;
import dev.orbit.ring.WakeStats;

/**
 * A child process whose threads wait on the event ring: {@code WakeChild sleep|spin <directory> <fleet> <threads>
 * <safetyTimeoutMs>}. In {@code sleep} mode each thread waits with
 * {@link Subscription#await(EventHandler, int, Duration)}; in {@code spin} mode it polls without ever sleeping (so
 * it never marks the ring). Events carry
 * {@code [seq u64][publishedAt nanoTime u64]}. Prints {@code ready} once every thread has subscribed,
 * {@code acked N} each time every thread has received event N, and on {@code stop} (stdin)
 * {@code result received=.. maxLatencyNs=.. timeouts=.. nudgesReceived=..}.
 */
public final class WakeChild {

    private WakeChild() {
    }

    public static void main(final String[] args) throws Exception {
        final boolean spin = args[0].equals("spin");
        final Path directory = Path.of(args[1]);
        final String name = args[2];
        final int threads = Integer.parseInt(args[3]);
        final Duration safetyTimeout = Duration.ofMillis(Long.parseLong(args[4]));
        try (Fleet fleet = Fleet.builder().name(name).directory(directory).label("sleeper").joinShm()) {
            final AtomicLongArray lastSeq = new AtomicLongArray(threads);
            final AtomicLong acked = new AtomicLong(-1);
            final AtomicLong maxLatency = new AtomicLong();
            final AtomicLong received = new AtomicLong();
            final List<Thread> sleepers = new ArrayList<>();
            final List<Subscription> subscriptions = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                lastSeq.set(t, -1);
                subscriptions.add(fleet.events().subscribe(StartPosition.LATEST));
            }
            for (int t = 0; t < threads; t++) {
                final int index = t;
                final Subscription subscription = subscriptions.get(t);
                final EventHandler handler = (id, timestampMs, buffer, topicOffset, topicLength, payloadOffset,
                    payloadLength) -> {
                    final long now = System.nanoTime();
                    final ByteBuffer view = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                    final long seq = view.getLong(payloadOffset);
                    maxLatency.accumulateAndGet(now - view.getLong(payloadOffset + 8), Math::max);
                    received.incrementAndGet();
                    lastSeq.set(index, seq);
                    long all = Long.MAX_VALUE;
                    for (int i = 0; i < threads; i++) {
                        all = Math.min(all, lastSeq.get(i));
                    }
                    synchronized (acked) {
                        if (all > acked.get()) {
                            acked.set(all);
                            System.out.println("acked " + all);
                        }
                    }
                };
                final Thread thread = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        if (spin) {
                            if (subscription.poll(handler, 64) == 0) {
                                Thread.onSpinWait();
                            }
                        }
                        else {
                            subscription.await(handler, 64, safetyTimeout);
                        }
                    }
                }, "sleeper-" + t);
                thread.setDaemon(true);
                sleepers.add(thread);
                thread.start();
            }
            System.out.println("ready");
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("stop")) {
                // wait for stop
            }
            for (final Thread thread : sleepers) {
                thread.interrupt();
                thread.join(30_000);
            }
            final WakeStats stats = fleet.wakeStats();
            System.out.println("result received=" + received.get() + " maxLatencyNs=" + maxLatency.get() + " timeouts=" +
                stats.timeouts() + " nudgesReceived=" + stats.nudgesReceived() + " crossProcess=" + stats.crossProcess() +
                " waits=" + stats.waits());
        }
    }
}
