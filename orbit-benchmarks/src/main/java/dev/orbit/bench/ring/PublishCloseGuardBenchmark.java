package dev.orbit.bench.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.orbit.ring.Ring;

/**
 * What it would cost a publish to let {@code Fleet.close()} unmap safely. Unmapping (JDK 17 has no supported way;
 * {@code Unsafe.invokeCleaner}) while another thread still touches the mapping crashes the JVM, so close would
 * have to refuse new operations and wait for those in flight, and every publish (and every read) would have to
 * announce itself and check the closed flag in an order close can rely on: a Dekker handshake, which needs a
 * store-load barrier on the publishing side. Two prototypes of that announcement around the same 64-byte publish:
 * <ul>
 *   <li>{@code publishWithInFlightFlag}: the cheapest correct scheme, a per-thread in-flight flag (found through a
 *   {@link ThreadLocal}, as a library must) set with a volatile store, then the closed flag read, then the flag
 *   cleared with a release store; close sets closed and waits for every flag to clear.</li>
 *   <li>{@code publishWithInFlightCounter}: one shared counter, incremented before and decremented after.</li>
 * </ul>
 * The decision this measures is recorded in the README ("Closing a fleet").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PublishCloseGuardBenchmark {

    private static final int PAYLOAD = 64;

    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(InFlight.class, "busy", int.class);
        }
        catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private static final ThreadLocal<InFlight> IN_FLIGHT = ThreadLocal.withInitial(InFlight::new);
    private static final AtomicLong COUNTER = new AtomicLong();

    private volatile boolean closed;
    private Ring ring;
    private ByteBuffer src;
    private long version;

    @Setup
    public void setUp() {
        ring = BenchRings.allocate(PAYLOAD);
        src = BenchRings.payload(PAYLOAD);
    }

    @Benchmark
    public long publish() {
        return ring.publish(1, version++, src, 0, PAYLOAD);
    }

    @Benchmark
    public long publishWithInFlightFlag() {
        final InFlight flag = IN_FLIGHT.get();
        BUSY.setVolatile(flag, 1);
        try {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            return ring.publish(1, version++, src, 0, PAYLOAD);
        }
        finally {
            BUSY.setRelease(flag, 0);
        }
    }

    @Benchmark
    public long publishWithInFlightCounter() {
        COUNTER.incrementAndGet();
        try {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            return ring.publish(1, version++, src, 0, PAYLOAD);
        }
        finally {
            COUNTER.decrementAndGet();
        }
    }

    /** One thread's in-flight flag, padded onto its own cache lines. */
    static final class InFlight {
        long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
        volatile int busy;
        long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }
}
