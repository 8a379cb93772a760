package dev.orbit.internal.ring;

/**
 * Carries nudges between the processes of a fleet: each process receives on a channel of its own, and a publisher
 * sends a nudge, the kind of the ring it committed to, to the channel of a node with a thread asleep on that ring.
 * See {@link WakeHub}.
 * <p>
 * A nudge is a hint, never a message: one may be lost (the receiver then wakes at its safety timeout) or arrive
 * twice (the receiver looks at its ring and sleeps again).
 */
public interface WakeTransport extends AutoCloseable {

    /**
     * Sends a nudge without blocking: a receiver whose channel is full already has nudges waiting, so it is awake or
     * about to be. Never throws.
     *
     * @param node the receiving node.
     * @param kind the kind of the ring the nudge is about, 0..255.
     * @return false when the nudge could not be handed to the node's channel (it is unreachable).
     */
    boolean nudge(int node, int kind);

    /**
     * Waits for nudges to this process and hands each to the sink. One thread at a time.
     *
     * @param timeoutNanos longest wait.
     * @param sink         receives the kind of each nudge.
     * @return nudges received.
     */
    int receive(long timeoutNanos, NudgeSink sink);

    /**
     * Makes the current {@link #receive} return at once, or the next one if none is running. Any thread.
     */
    void interruptReceive();

    /**
     * Stops receiving and releases the channel (and removes its file, if it has one).
     */
    @Override
    void close();

    /**
     * Receives the ring kind of each nudge.
     */
    @FunctionalInterface
    interface NudgeSink {

        /**
         * @param kind the kind of the ring a publisher committed to.
         */
        void onNudge(int kind);
    }
}
