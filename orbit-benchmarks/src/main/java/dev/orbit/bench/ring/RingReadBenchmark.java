package dev.orbit.bench.ring;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;

/**
 * A read of one committed slot: by id ({@code read(id, handler)}, the public path: rebuilds the counter,
 * checks the retained window, copies, re-checks) and by counter ({@code readAt}), next to
 * {@link UncheckedSlotReader}, the same copy without the torn-frame protection. The difference between
 * {@code readAt} and {@code uncheckedReadAt} is what the protection costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RingReadBenchmark {

    @Param({"16", "64", "256", "1024", "4096"})
    public int payload;

    private Ring ring;
    private UncheckedSlotReader unchecked;
    private long id;
    private long counter;
    private final Sink sink = new Sink();

    @Setup
    public void setUp() {
        final ByteBuffer[] memory = new ByteBuffer[1];
        ring = BenchRings.ringOver(memory, payload);
        final ByteBuffer src = BenchRings.payload(payload);
        for (int i = 0; i < 100; i++) {
            id = ring.publish(1, i, src, 0, payload);
        }
        if (id == NetId64.NULL) {
            throw new IllegalStateException("setup publish was lost");
        }
        counter = ring.head() - 1;
        unchecked = new UncheckedSlotReader(memory[0]);
        if (!ring.readAt(counter, sink) || !unchecked.readAt(counter, sink)) {
            throw new IllegalStateException("committed slot not readable: counter=" + counter);
        }
    }

    @Benchmark
    public long readById() {
        ring.read(id, sink);
        return sink.result();
    }

    @Benchmark
    public long readAt() {
        ring.readAt(counter, sink);
        return sink.result();
    }

    @Benchmark
    public long uncheckedReadAt() {
        unchecked.readAt(counter, sink);
        return sink.result();
    }

    /**
     * Keeps what a handler would look at, so the read cannot be optimised away.
     */
    static final class Sink implements FrameHandler {
        long id;
        int length;
        byte last;

        @Override
        public void onFrame(
            final long id, final int frameKind, final long version, final ByteBuffer buffer, final int offset, final int length) {
            this.id = id;
            this.length = length;
            this.last = length > 0 ? buffer.get(offset + length - 1) : 0;
        }

        long result() {
            return id + length + last;
        }
    }
}
