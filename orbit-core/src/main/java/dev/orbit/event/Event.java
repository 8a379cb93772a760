package dev.orbit.event;

import java.util.Arrays;

import dev.orbit.ring.NetId64;

/**
 * An event copied out of the bus.
 *
 * @param id          the event's NetId64.
 * @param topic       its topic.
 * @param payload     a private copy of its payload.
 * @param timestampMs epoch millis when it was published.
 */
public record Event(long id, String topic, byte[] payload, long timestampMs) {

    /**
     * @return the node id of the process that published it.
     */
    public int publisherNode() {
        return NetId64.node(id);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Event e && e.id == id && e.timestampMs == timestampMs && e.topic.equals(topic) &&
            Arrays.equals(e.payload, payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "Event(id=" + NetId64.toString(id) + ", topic=" + topic + ", length=" + payload.length +
            ", timestampMs=" + timestampMs + ")";
    }
}
