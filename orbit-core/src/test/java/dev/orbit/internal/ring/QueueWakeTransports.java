package dev.orbit.internal.ring;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wake transports of several node ids inside one JVM, joined by queues: stands in for the Unix-domain sockets
 * between sibling processes, so tests (and the jcstress tests of the stress module, through this module's test jar)
 * run the real cross-process wake path (publisher's hub, transport, the sleeper's hub receiving and waking its
 * thread) without files; counts every nudge sent.
 */
public final class QueueWakeTransports {

    private static final int INTERRUPT = -1;

    private final ConcurrentHashMap<Integer, LinkedBlockingQueue<Integer>> queues = new ConcurrentHashMap<>();
    /** Nudges sent through any of these transports. */
    public final AtomicInteger nudges = new AtomicInteger();

    /**
     * @param node the node id that receives on the returned transport.
     * @return its transport.
     */
    public WakeTransport of(final int node) {
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
