package dev.orbit.event;

import java.util.List;

import dev.orbit.ring.StartPosition;

/**
 * Publishes events to every process of a fleet. All topics share one ring; the topic travels in the
 * payload. Each subscriber owns a cursor and is told exactly how much it missed.
 * <p>
 * Thread-safe for publishing; each {@link Subscription} belongs to one thread.
 */
public interface OrbitEventBus {

    /**
     * @param topic   topic, 1..{@link #MAX_TOPIC_LENGTH} UTF-8 bytes.
     * @param payload payload bytes.
     * @return the event's NetId64, or {@code NetId64.NULL} when its write was lost.
     * @throws IllegalArgumentException when topic and payload do not fit a slot, naming both lengths.
     */
    long publish(String topic, byte[] payload);

    /**
     * Publishes an event with headers (trace context, content type); they travel in the frame and across hosts.
     *
     * @param topic   topic, 1..{@link #MAX_TOPIC_LENGTH} UTF-8 bytes.
     * @param headers headers, {@link EventHeaders#NONE} for none.
     * @param payload payload bytes.
     * @return the event's NetId64, or {@code NetId64.NULL} when its write was lost.
     * @throws IllegalArgumentException when headers, topic and payload do not fit a slot, naming the lengths.
     */
    long publish(String topic, EventHeaders headers, byte[] payload);

    /**
     * Publishes several events at consecutive positions.
     *
     * @param topic    topic.
     * @param payloads payloads.
     * @return ids in order, {@code NetId64.NULL} for each lost write.
     */
    long[] publishBatch(String topic, List<byte[]> payloads);

    /**
     * @param start where the subscription starts: the head, or the oldest retained event.
     * @return a subscription to every topic.
     */
    Subscription subscribe(StartPosition start);

    /**
     * @param topic a topic.
     * @return largest payload for that topic, without headers.
     */
    int maxPayloadLength(String topic);

    /** Longest topic in UTF-8 bytes. */
    int MAX_TOPIC_LENGTH = 255;
}
