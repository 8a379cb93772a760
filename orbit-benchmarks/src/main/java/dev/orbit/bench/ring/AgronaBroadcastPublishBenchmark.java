package dev.orbit.bench.ring;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastBufferDescriptor;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;
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

/**
 * The comparison for {@link RingPublishBenchmark}: Agrona's {@link BroadcastTransmitter} (one writer,
 * overwriting, no reader needed) over a direct buffer of the same size. Agrona's {@link UnsafeBuffer} needs
 * the {@code jdk.internal.misc} export in this benchmark JVM only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class AgronaBroadcastPublishBenchmark {

    @Param({"16", "64", "256", "1024", "4096"})
    public int payload;

    private BroadcastTransmitter transmitter;
    private UnsafeBuffer src;

    @Setup
    public void setUp() {
        final ByteBuffer memory =
            ByteBuffer.allocateDirect(BenchRings.RING_BYTES + BroadcastBufferDescriptor.TRAILER_LENGTH);
        transmitter = new BroadcastTransmitter(new UnsafeBuffer(memory));
        src = new UnsafeBuffer(BenchRings.payload(payload));
    }

    @Benchmark
    public void transmit() {
        transmitter.transmit(1, src, 0, payload);
    }
}
