package dev.orbit.bench.event;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.orbit.event.EventHandler;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.ring.StartPosition;
import dev.orbit.ring.WakeStats;

/**
 * Publish cost of a 64-byte event on a shared-memory fleet ({@code /dev/shm}), with and without a reader that
 * sleeps on the ring between events.
 * <p>
 * {@code readers=none}: nobody sleeps, so after its commit a publish reads the sleepers word once and finds zero
 * (the cost every publish pays for wake-ups). {@code readers=asleep}: another fleet handle (its own node id and wake
 * socket, as a sibling process would have) runs {@link Subscription#await} in a loop: it drains, marks the ring and
 * sleeps; the next publish that finds the mark nudges it through its Unix-domain socket (a non-blocking one-byte
 * write, a system call). The figure is the mean over the stream, nudging and non-nudging publishes alike; the
 * tear-down prints how many publishes nudged.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PublishWakeBenchmark {

    private static final String TOPIC = "bench.wake";

    @Param({"none", "asleep"})
    public String readers;

    private final String name = "bench-wake-" + UUID.randomUUID().toString().substring(0, 8);
    private final byte[] payload = new byte[64];
    private Fleet publisher;
    private Fleet reader;
    private OrbitEventBus bus;
    private Thread sleeper;
    private volatile boolean stopping;
    private long published;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        publisher = Fleet.builder().name(name).label("publisher").joinShm();
        bus = publisher.events();
        if (readers.equals("asleep")) {
            reader = Fleet.builder().name(name).label("sleeper").joinShm();
            if (!reader.wakeStats().crossProcess()) {
                throw new IllegalStateException("the reader handle has no wake socket: " + reader.wakeStats());
            }
            final Subscription subscription = reader.events().subscribe(StartPosition.LATEST);
            final EventHandler handler = (id, timestampMs, buffer, topicOffset, topicLength, payloadOffset, payloadLength) -> {
            };
            sleeper = new Thread(() -> {
                while (!stopping) {
                    subscription.await(handler, 256, Duration.ofSeconds(1));
                }
                subscription.close();
            }, "bench-sleeper");
            sleeper.setDaemon(true);
            sleeper.start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reader.wakeStats().waits() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the reader never slept: " + reader.wakeStats());
                }
                Thread.sleep(1);
            }
        }
    }

    @Benchmark
    public long publish() {
        published++;
        return bus.publish(TOPIC, payload);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        final WakeStats stats = publisher.wakeStats();
        System.out.printf("%nreaders=%s: %d publishes, %d nudged a sleeping reader (%.4f per publish), %d unreachable%n",
            readers, published, stats.nudgesSent(), published == 0 ? 0.0 : (double)stats.nudgesSent() / published,
            stats.nudgesUnreachable());
        stopping = true;
        if (sleeper != null) {
            bus.publish(TOPIC, payload);
            sleeper.join(TimeUnit.SECONDS.toMillis(10));
            reader.close();
        }
        publisher.close();
        Fleet.unlink(SegmentNames.defaultDirectory(), name, true);
    }
}
