package dev.orbit.event;

import java.time.Duration;

import org.agrona.concurrent.IdleStrategy;

import dev.orbit.ring.Loss;
import dev.orbit.ring.WakeUpIdleStrategy;

/**
 * A subscriber's cursor over the event ring. Belongs to one thread.
 */
public interface Subscription extends AutoCloseable {

    /**
     * Delivers up to {@code limit} events of any topic without allocating. A {@link HeadersAwareEventHandler}
     * also gets each event's headers, through a flyweight reused for every event.
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
     * Polls until at least one event arrives or the timeout passes, sleeping between empty polls until a publisher
     * in any process of the fleet commits an event (wake-ups, see {@link dev.orbit.ring.RingCursor#awaitFrames}):
     * an idle wait costs no CPU and an event wakes it in microseconds.
     *
     * @param handler receives private copies.
     * @param limit   most events.
     * @param timeout longest wait.
     * @return events delivered (0 on timeout, or at once when the thread is interrupted, the flag left set).
     */
    int await(EventHandler handler, int limit, Duration timeout);

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
     * An idle strategy for the thread that polls this subscription (an Agrona {@code AgentRunner}, for example):
     * it spins briefly after work, then sleeps until a publisher commits an event, at most {@code safetyTimeout}.
     *
     * @param safetyTimeout longest sleep: how late an event is seen when its nudge was lost (at least 1 ms).
     * @return a new strategy for one thread.
     */
    WakeUpIdleStrategy wakeUpIdleStrategy(Duration safetyTimeout);

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
