package dev.orbit.event;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemNanoClock;

import dev.orbit.ring.Ring;

/**
 * Opens event buses over rings. A fleet has one event ring (kind {@link dev.orbit.ring.Kinds#EVENTS})
 * shared by every topic; the same ring opened by several processes (or several times in one process) is
 * one bus.
 */
public final class EventBuses {

    private EventBuses() {
    }

    /**
     * Opens an event bus over a ring.
     * <p>
     * A topic is 1..255 UTF-8 bytes and topic plus payload must fit {@code payloadCapacity - 12} (the
     * payload also at most 65535 bytes); a larger publish throws {@link IllegalArgumentException} naming
     * the lengths and the limit.
     *
     * @param ring  the event ring, used by nothing else.
     * @param clock epoch clock for event timestamps.
     * @return the bus, thread-safe for publishing.
     * @throws IllegalArgumentException when the ring's payload capacity cannot hold a header and a topic.
     */
    public static OrbitEventBus over(final Ring ring, final EpochClock clock) {
        return new RingEventBus(ring, clock, SystemNanoClock.INSTANCE);
    }
}
