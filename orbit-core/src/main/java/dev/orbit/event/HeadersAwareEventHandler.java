package dev.orbit.event;

import java.nio.ByteBuffer;

/**
 * An {@link EventHandler} that also reads the event's headers (W3C trace context, content type, origin), still
 * without allocation: the subscription hands it a flyweight over the frame it is delivering, valid only during
 * the call. Handlers that do not implement this interface pay nothing for headers.
 * <pre>{@code
 * subscription.poll((HeadersAwareEventHandler) (id, ts, buf, to, tl, po, pl, headers) -> {
 *     String traceparent = headers.traceparent();
 * }, 64);
 * }</pre>
 */
@FunctionalInterface
public interface HeadersAwareEventHandler extends EventHandler {

    /**
     * @param id            the event's NetId64.
     * @param timestampMs   epoch millis when it was published.
     * @param buffer        private copy of the frame.
     * @param topicOffset   topic offset (UTF-8).
     * @param topicLength   topic length.
     * @param payloadOffset payload offset.
     * @param payloadLength payload length.
     * @param headers       the frame's headers, valid only during the call.
     */
    void onEvent(
        long id, long timestampMs, ByteBuffer buffer, int topicOffset, int topicLength, int payloadOffset,
        int payloadLength, EventHeaderFlyweight headers);

    /**
     * Delivery from a source that has no headers to offer: the handler sees none.
     */
    @Override
    default void onEvent(
        final long id, final long timestampMs, final ByteBuffer buffer, final int topicOffset, final int topicLength,
        final int payloadOffset, final int payloadLength) {
        onEvent(id, timestampMs, buffer, topicOffset, topicLength, payloadOffset, payloadLength,
            new EventHeaderFlyweight());
    }
}
