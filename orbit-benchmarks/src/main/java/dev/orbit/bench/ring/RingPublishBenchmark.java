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

import dev.orbit.ring.Ring;

/**
 * One writer publishing into an in-process Orbit ring (direct buffer, the same slot protocol as a mapped
 * ring). The 64-byte case is the "publish 64 B, 1 writer" and "throughput" rows; the other sizes are the
 * payload scaling rows. Nobody reads: like a broadcast buffer, the ring overwrites.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RingPublishBenchmark {

    @Param({"16", "64", "256", "1024", "4096"})
    public int payload;

    private Ring ring;
    private ByteBuffer src;
    private long version;

    @Setup
    public void setUp() {
        ring = BenchRings.allocate(payload);
        src = BenchRings.payload(payload);
    }

    @Benchmark
    public long publish() {
        return ring.publish(1, version++, src, 0, payload);
    }
}
