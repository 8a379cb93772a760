package dev.orbit.sample.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

import dev.orbit.ring.Ring;

/**
 * Write rates of rings, from the heads seen by successive dashboard polls over a sliding window (nothing is
 * sampled while nobody watches).
 */
final class RingRates {

    private static final long WINDOW_NANOS = 5_000_000_000L;

    private static final long MIN_SPAN_NANOS = 200_000_000L;

    private final Map<Ring, Deque<Sample>> samples = new IdentityHashMap<>();

    /**
     * Records a head and returns the ring's writes per second over the window.
     *
     * @param ring      the ring.
     * @param head      its head now.
     * @param nowNanos  {@link System#nanoTime()}.
     * @return writes per second, or {@code null} until two samples are far enough apart.
     */
    synchronized Double sample(Ring ring, long head, long nowNanos) {
        Deque<Sample> window = this.samples.computeIfAbsent(ring, (r) -> new ArrayDeque<>());
        window.addLast(new Sample(nowNanos, head));
        while (window.size() > 2 && nowNanos - window.peekFirst().nanos() > WINDOW_NANOS) {
            window.removeFirst();
        }
        Sample first = window.peekFirst();
        long span = nowNanos - first.nanos();
        if (span < MIN_SPAN_NANOS) {
            return null;
        }
        return (head - first.head()) * 1e9 / span;
    }

    private record Sample(long nanos, long head) {
    }

}
