package dev.orbit.event;

import java.util.Arrays;
import java.util.Objects;

import dev.orbit.ring.NetId64;

/**
 * An event copied out of the bus.
 *
 * @param id          the event's NetId64 in this host's ring.
 * @param topic       its topic.
 * @param payload     a private copy of its payload.
 * @param timestampMs epoch millis when it was published.
 * @param headers     its headers ({@link EventHeaders#NONE} when it has none); an event brought in from another
 *                    host carries its {@link EventHeaders#origin() origin}.
 */
public record Event(long id, String topic, byte[] payload, long timestampMs, EventHeaders headers) {

    /**
     * Validates the headers.
     */
    public Event {
        Objects.requireNonNull(headers, "headers");
    }

    /**
     * An event without headers.
     *
     * @param id          the event's NetId64.
     * @param topic       its topic.
     * @param payload     its payload.
     * @param timestampMs epoch millis when it was published.
     */
    public Event(final long id, final String topic, final byte[] payload, final long timestampMs) {
        this(id, topic, payload, timestampMs, EventHeaders.NONE);
    }

    /**
     * @return the node id of the process that wrote it into this host's ring (for an event from another host, the
     *     node of the bridge that brought it in).
     */
    public int publisherNode() {
        return NetId64.node(id);
    }

    /**
     * @return true when a bridge brought the event in from another host.
     */
    public boolean isRemote() {
        return headers.origin().isPresent();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Event e && e.id == id && e.timestampMs == timestampMs && e.topic.equals(topic) &&
            Arrays.equals(e.payload, payload) && e.headers.equals(headers);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "Event(id=" + NetId64.toString(id) + ", topic=" + topic + ", length=" + payload.length +
            ", timestampMs=" + timestampMs + (headers == EventHeaders.NONE ? "" : ", " + headers) + ")";
    }
}
