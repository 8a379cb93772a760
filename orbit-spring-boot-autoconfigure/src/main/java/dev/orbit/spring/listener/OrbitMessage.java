package dev.orbit.spring.listener;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import dev.orbit.event.Event;
import dev.orbit.event.EventHeaders;
import dev.orbit.event.EventOrigin;
import dev.orbit.ring.NetId64;

/**
 * An event as an {@link OrbitListener} method may receive it.
 *
 * @param topic         the topic.
 * @param id            the event's NetId64 (kind, publisher node, counter).
 * @param timestampMs   epoch milliseconds when it was published.
 * @param publisherNode node id of the publishing process.
 * @param payload       the payload (a private copy).
 * @param headers       the event's headers: trace context, content type, the origin host of an event a bridge
 *                      brought in, and why a listener gave up on an event published on a dead-letter topic;
 *                      {@link EventHeaders#NONE} when it has none.
 */
public record OrbitMessage(String topic, long id, long timestampMs, int publisherNode, byte[] payload,
        EventHeaders headers) {

    /**
     * @param topic         the topic.
     * @param id            the event's NetId64.
     * @param timestampMs   epoch milliseconds when it was published.
     * @param publisherNode node id of the publishing process.
     * @param payload       the payload.
     * @param headers       the headers, {@code null} for none.
     */
    public OrbitMessage {
        headers = (headers != null) ? headers : EventHeaders.NONE;
    }

    /**
     * A message without headers.
     *
     * @param topic         the topic.
     * @param id            the event's NetId64.
     * @param timestampMs   epoch milliseconds when it was published.
     * @param publisherNode node id of the publishing process.
     * @param payload       the payload.
     */
    public OrbitMessage(String topic, long id, long timestampMs, int publisherNode, byte[] payload) {
        this(topic, id, timestampMs, publisherNode, payload, EventHeaders.NONE);
    }

    /**
     * @param event a core event.
     * @return the message.
     */
    public static OrbitMessage of(Event event) {
        return new OrbitMessage(event.topic(), event.id(), event.timestampMs(), event.publisherNode(),
                event.payload(), event.headers());
    }

    /**
     * @return the W3C {@code traceparent} the publisher sent.
     */
    public Optional<String> traceparent() {
        return this.headers.traceparent();
    }

    /**
     * @return the payload's media type, as the publisher declared it.
     */
    public Optional<String> contentType() {
        return this.headers.contentType();
    }

    /**
     * @return the host the event was published on, when a bridge brought it in from another host.
     */
    public Optional<EventOrigin> origin() {
        return this.headers.origin();
    }

    /**
     * @return the payload as UTF-8 text.
     */
    public String payloadAsString() {
        return new String(this.payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OrbitMessage that && this.id == that.id && this.timestampMs == that.timestampMs
                && this.topic.equals(that.topic) && Arrays.equals(this.payload, that.payload)
                && this.headers.equals(that.headers);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(this.id);
    }

    @Override
    public String toString() {
        return "OrbitMessage(topic=" + this.topic + ", id=" + NetId64.toString(this.id) + ", timestampMs="
                + this.timestampMs + ", publisherNode=" + this.publisherNode + ", length=" + this.payload.length
                + ((this.headers != EventHeaders.NONE) ? ", headers=" + this.headers : "") + ")";
    }

}
