package dev.orbit.event;

import java.time.Duration;

import org.agrona.concurrent.IdleStrategy;

import dev.orbit.ring.Loss;

/**
 * A subscriber's cursor over the event ring. Belongs to one thread.
 */
public interface Subscription extends AutoCloseable {

    /**
     * Delivers up to {@code limit} events of any topic without allocating.
     *
     * @param handler receives private copies.
     * @param limit   most events.
     * @return events delivered.
     */
    int poll(EventHandler handler, int limit);

    /**
     * @param limit most events.
     * @return events of every topic, with loss and lag.
     */
    EventPoll poll(int limit);

    /**
     * Delivers events of one topic; the cursor advances past every other topic too.
     *
     * @param topic the topic.
     * @param limit most events.
     * @return events of that topic, with loss and lag.
     */
    EventPoll poll(String topic, int limit);

    /**
     * Polls until at least one event arrives or the timeout passes, idling between empty polls.
     *
     * @param handler receives private copies.
     * @param limit   most events.
     * @param idle    how to wait between empty polls.
     * @param timeout longest wait.
     * @return events delivered (0 on timeout).
     */
    int await(EventHandler handler, int limit, IdleStrategy idle, Duration timeout);

    /**
     * @return loss since the subscription was opened.
     */
    Loss loss();

    /**
     * @return events delivered since the subscription was opened.
     */
    long received();

    /**
     * @return positions ahead of the subscription.
     */
    long lag();

    @Override
    void close();
}
