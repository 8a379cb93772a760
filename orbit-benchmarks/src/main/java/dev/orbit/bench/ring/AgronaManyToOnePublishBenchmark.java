package dev.orbit.bench.ring;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The comparison for {@link RingPublishTwoWritersBenchmark}: two threads writing 64-byte messages into
 * Agrona's {@link ManyToOneRingBuffer}. Unlike a broadcast buffer or an Orbit ring, it never overwrites: it
 * must be consumed or writes fail. A machine with two cores has no core for a third, consuming thread, so
 * the writer that finds the buffer full drains it (one drainer at a time) and writes again; the drain is
 * part of the score, amortised over the buffer's ~100K messages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Threads(2)
public class AgronaManyToOnePublishBenchmark {

    static final int PAYLOAD = 64;

    private static final MessageHandler DISCARD = (msgTypeId, buffer, index, length) -> {
    };

    private ManyToOneRingBuffer ringBuffer;
    private final AtomicBoolean draining = new AtomicBoolean();

    @Setup
    public void setUp() {
        final ByteBuffer memory = ByteBuffer.allocateDirect(BenchRings.RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH);
        ringBuffer = new ManyToOneRingBuffer(new UnsafeBuffer(memory));
    }

    /**
     * Each writer thread's own source buffer.
     */
    @State(Scope.Thread)
    public static class Writer {
        UnsafeBuffer src;

        @Setup
        public void setUp() {
            src = new UnsafeBuffer(BenchRings.payload(PAYLOAD));
        }
    }

    @Benchmark
    public boolean write(final Writer writer) {
        while (!ringBuffer.write(1, writer.src, 0, PAYLOAD)) {
            if (draining.compareAndSet(false, true)) {
                try {
                    ringBuffer.read(DISCARD, Integer.MAX_VALUE);
                }
                finally {
                    draining.set(false);
                }
            }
            else {
                Thread.onSpinWait();
            }
        }
        return true;
    }
}
