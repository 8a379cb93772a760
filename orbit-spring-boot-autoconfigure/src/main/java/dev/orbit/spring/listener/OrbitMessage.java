package dev.orbit.spring.listener;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.orbit.event.Event;
import dev.orbit.ring.NetId64;

/**
 * An event as an {@link OrbitListener} method may receive it.
 *
 * @param topic         the topic.
 * @param id            the event's NetId64 (kind, publisher node, counter).
 * @param timestampMs   epoch milliseconds when it was published.
 * @param publisherNode node id of the publishing process.
 * @param payload       the payload (a private copy).
 */
public record OrbitMessage(String topic, long id, long timestampMs, int publisherNode, byte[] payload) {

    /**
     * @param event a core event.
     * @return the message.
     */
    public static OrbitMessage of(Event event) {
        return new OrbitMessage(event.topic(), event.id(), event.timestampMs(), event.publisherNode(),
                event.payload());
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
                && this.topic.equals(that.topic) && Arrays.equals(this.payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(this.id);
    }

    @Override
    public String toString() {
        return "OrbitMessage(topic=" + this.topic + ", id=" + NetId64.toString(this.id) + ", timestampMs="
                + this.timestampMs + ", publisherNode=" + this.publisherNode + ", length=" + this.payload.length + ")";
    }

}
