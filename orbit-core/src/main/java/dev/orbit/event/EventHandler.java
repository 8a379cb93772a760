package dev.orbit.event;

import java.nio.ByteBuffer;

/**
 * Receives an event without allocation. The buffer is the subscriber's private copy, valid only during
 * the call.
 */
@FunctionalInterface
public interface EventHandler {

    /**
     * @param id            the event's NetId64.
     * @param timestampMs   epoch millis when it was published.
     * @param buffer        private copy of the frame.
     * @param topicOffset   topic offset (UTF-8).
     * @param topicLength   topic length.
     * @param payloadOffset payload offset.
     * @param payloadLength payload length.
     */
    void onEvent(
        long id, long timestampMs, ByteBuffer buffer, int topicOffset, int topicLength, int payloadOffset, int payloadLength);
}
