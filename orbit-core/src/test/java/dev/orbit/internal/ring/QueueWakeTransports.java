package dev.orbit.internal.ring;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wake transports of several nodes inside one JVM, joined by queues: a test double for the Unix-domain sockets that
 * records every nudge.
 */
final class QueueWakeTransports {

    private static final int INTERRUPT = -1;

    private final ConcurrentHashMap<Integer, LinkedBlockingQueue<Integer>> queues = new ConcurrentHashMap<>();
    final AtomicInteger nudges = new AtomicInteger();

    WakeTransport of(final int node) {
        final LinkedBlockingQueue<Integer> own = queue(node);
        return new WakeTransport() {
            @Override
            public boolean nudge(final int target, final int kind) {
                nudges.incrementAndGet();
                return queue(target).offer(kind);
            }

            @Override
            public int receive(final long timeoutNanos, final NudgeSink sink) {
                try {
                    Integer kind = own.poll(timeoutNanos, TimeUnit.NANOSECONDS);
                    int received = 0;
                    while (kind != null) {
                        if (kind != INTERRUPT) {
                            sink.onNudge(kind);
                            received++;
                        }
                        kind = own.poll();
                    }
                    return received;
                }
                catch (final InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }

            @Override
            public void interruptReceive() {
                own.offer(INTERRUPT);
            }

            @Override
            public void close() {
                own.offer(INTERRUPT);
            }
        };
    }

    private LinkedBlockingQueue<Integer> queue(final int node) {
        return queues.computeIfAbsent(node, n -> new LinkedBlockingQueue<>());
    }
}
