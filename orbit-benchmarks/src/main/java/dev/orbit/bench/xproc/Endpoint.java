package dev.orbit.bench.xproc;

/**
 * One side of a ping-pong channel: sends a sequence number, and polls (once, never waiting) for the
 * newest sequence number from the other side.
 */
interface Endpoint extends AutoCloseable {

    /** {@link #poll()} found nothing new. */
    long NONE = Long.MIN_VALUE;

    /** Tells the pong side to exit. */
    long STOP = -1L;

    /**
     * @param seq the sequence number, carried in a payload of the configured size.
     */
    void send(long seq);

    /**
     * @return the newest sequence number received, or {@link #NONE}.
     */
    long poll();

    @Override
    void close();
}
