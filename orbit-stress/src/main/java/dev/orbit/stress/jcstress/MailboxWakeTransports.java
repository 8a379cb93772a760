package dev.orbit.stress.jcstress;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.orbit.internal.ring.WakeTransport;

/**
 * Wake transports of several node ids inside one JVM, joined by mailboxes: stands in for the Unix-domain sockets
 * between sibling processes, so a jcstress test runs the real cross-process wake path (publisher's hub, transport,
 * the sleeper's hub receiving and waking its thread) without files.
 */
final class MailboxWakeTransports {

    private static final int INTERRUPT = -1;

    private final ConcurrentHashMap<Integer, LinkedBlockingQueue<Integer>> mailboxes = new ConcurrentHashMap<>();

    /**
     * @param node the node id that receives on the returned transport.
     * @return its transport.
     */
    WakeTransport of(final int node) {
        final LinkedBlockingQueue<Integer> own = mailbox(node);
        return new WakeTransport() {
            @Override
            public boolean nudge(final int target, final int kind) {
                return mailbox(target).offer(kind);
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

    private LinkedBlockingQueue<Integer> mailbox(final int node) {
        return mailboxes.computeIfAbsent(node, n -> new LinkedBlockingQueue<>());
    }
}
