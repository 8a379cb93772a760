package dev.orbit.bench.event;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.orbit.bench.support.Local;
import dev.orbit.event.EventHandler;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.ring.StartPosition;

/**
 * Event poll per frame (allocation-free handler path), 64-byte payloads on one topic, one frame per poll call and
 * {@value #BATCH} per call, and publish. The ring
 * is filled once; the subscription reads it from the oldest event and is reopened at the oldest event when
 * it reaches the head (once per 65,536 events, so the reopen is amortised away).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class EventPollBenchmark {

    static final int CAPACITY = 65_536;
    static final String TOPIC = "bench.events";
    static final int BATCH = 64;

    private OrbitEventBus bus;
    private Subscription subscription;
    private byte[] payload;
    private final Sink sink = new Sink();

    @Setup
    public void setUp() {
        bus = Local.events(CAPACITY, 128);
        payload = new byte[64];
        for (int i = 0; i < CAPACITY; i++) {
            bus.publish(TOPIC, payload);
        }
        subscription = bus.subscribe(StartPosition.EARLIEST);
    }

    @Benchmark
    public long pollOne() {
        if (subscription.poll(sink, 1) == 0) {
            subscription.close();
            subscription = bus.subscribe(StartPosition.EARLIEST);
            subscription.poll(sink, 1);
        }
        return sink.result;
    }

    /**
     * Per frame when a poll finds a batch waiting, as a listener behind a burst does: the cost of one poll call
     * (reading the head, setting up the handler) is spread over {@value #BATCH} frames.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long pollBatch() {
        int polled = subscription.poll(sink, BATCH);
        if (polled < BATCH) {
            subscription.close();
            subscription = bus.subscribe(StartPosition.EARLIEST);
            polled += subscription.poll(sink, BATCH - polled);
        }
        return sink.result + polled;
    }

    @Benchmark
    public long publish() {
        return bus.publish(TOPIC, payload);
    }

    /**
     * Looks at the event so the copy cannot be optimised away.
     */
    static final class Sink implements EventHandler {
        long result;

        @Override
        public void onEvent(
            final long id, final long timestampMs, final ByteBuffer buffer, final int topicOffset, final int topicLength,
            final int payloadOffset, final int payloadLength) {
            result = id + payloadLength + buffer.get(payloadOffset);
        }
    }
}
