package dev.orbit.bench.ring;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

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

import dev.orbit.ring.Ring;

/**
 * Two threads publishing 64-byte frames into one Orbit ring: both reserve counters from the one shared head.
 * The score is the time per publish seen by each thread; the aggregate rate is {@code 2 / score}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@Threads(2)
public class RingPublishTwoWritersBenchmark {

    static final int PAYLOAD = 64;

    private Ring ring;

    @Setup
    public void setUp() {
        ring = BenchRings.allocate(PAYLOAD);
    }

    /**
     * Each writer thread's own source buffer.
     */
    @State(Scope.Thread)
    public static class Writer {
        ByteBuffer src;

        @Setup
        public void setUp() {
            src = BenchRings.payload(PAYLOAD);
        }
    }

    @Benchmark
    public long publish(final Writer writer) {
        return ring.publish(1, 0L, writer.src, 0, PAYLOAD);
    }
}
