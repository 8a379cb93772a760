package dev.orbit.bench.xproc;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.BackoffIdleStrategy;

import dev.orbit.bench.hosts.Bridges;
import dev.orbit.bench.support.Args;
import dev.orbit.bench.support.ResultFile;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Fleet;
import dev.orbit.redis.BridgeStats;
import dev.orbit.redis.RedisBridge;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.StartPosition;

/**
 * Forwarding throughput of one bridge: host A publishes {@code count} events of 64 bytes as fast as its bridge
 * carries them (the publisher stays within half the event ring ahead of the forwarder, and the stream's bound is
 * twice the count, so nothing is lost), host
 * B's bridge brings them into B's ring, a listener there counts them. Both hosts are process-local fleets in this
 * JVM (same rings, same bridge code), one local redis-server.
 * <p>
 * {@code java -cp benchmarks.jar dev.orbit.bench.xproc.BridgeThroughput count=300000 redisPort=N out=results/x}
 */
public final class BridgeThroughput {

    private static final RingSpec EVENTS = RingSpec.of(65_536, 256);

    private BridgeThroughput() {
    }

    /**
     * @param args {@code key=value}: count, redisPort, out.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception {
        final Args a = new Args(args);
        System.out.println(run(a.getInt("count", 300_000), a.getInt("redisPort", 6379), Path.of(a.get("out", "."))));
    }

    /**
     * Runs once and writes {@code bridge-throughput.properties} under {@code out}.
     *
     * @param count     events to carry.
     * @param redisPort port of the local redis-server.
     * @param out       result directory.
     * @return the figures written.
     */
    public static Map<String, Object> run(final int count, final int redisPort, final Path out) {
        final String name = "bench-tp-" + ProcessHandle.current().pid();
        final Map<String, Object> result = new LinkedHashMap<>();
        try (Fleet hostA = Fleet.builder().name(name).eventsSpec(EVENTS).join();
             Fleet hostB = Fleet.builder().name(name).eventsSpec(EVENTS).join();
             RedisBridge bridgeA = Bridges.start(hostA, "host-a", redisPort, null, 2L * count);
             RedisBridge bridgeB = Bridges.start(hostB, "host-b", redisPort, null, 2L * count)) {
            final Subscription listener = hostB.events().subscribe(StartPosition.LATEST);
            final AtomicLong delivered = new AtomicLong();
            final Thread counter = new Thread(() -> {
                final BackoffIdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 100_000);
                while (!Thread.currentThread().isInterrupted()) {
                    final int n = listener.poll((id, ts, buffer, to, tl, po, pl) -> { }, 4096);
                    delivered.addAndGet(n);
                    idle.idle(n);
                }
            }, "bench-listener");
            counter.setDaemon(true);
            counter.start();

            final byte[] payload = new byte[64];
            final long start = System.nanoTime();
            long forwardedAt = 0;
            for (int i = 0; i < count; i++) {
                if ((i & 1023) == 0) {
                    while (i - bridgeA.stats().forwarded() > EVENTS.capacity() / 2) {
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
                    }
                }
                hostA.events().publish("t", payload);
            }
            final long published = System.nanoTime();
            final long deadline = published + TimeUnit.MINUTES.toNanos(2);
            while (bridgeA.stats().forwarded() < count || delivered.get() + bridgeB.stats().lost() < count) {
                if (forwardedAt == 0 && bridgeA.stats().forwarded() >= count) {
                    forwardedAt = System.nanoTime();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not carried within 2 minutes: " + bridgeA.stats() + " / " + bridgeB.stats() +
                        ", delivered=" + delivered.get());
                }
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
            }
            final long deliveredAt = System.nanoTime();
            if (forwardedAt == 0) {
                forwardedAt = deliveredAt;
            }
            counter.interrupt();
            final BridgeStats a = bridgeA.stats();
            final BridgeStats b = bridgeB.stats();
            result.put("count", count);
            result.put("payload.bytes", payload.length);
            result.put("batch", 512);
            result.put("forwarded.per.s", Math.round(count * 1e9 / (forwardedAt - start)));
            result.put("delivered.per.s", Math.round(count * 1e9 / (deliveredAt - start)));
            result.put("delivered", delivered.get());
            result.put("lost", a.lost() + b.lost());
            result.put("duplicates", a.duplicates() + b.duplicates());
        }
        ResultFile.write(out.resolve("bridge-throughput.properties"), result);
        return result;
    }
}
