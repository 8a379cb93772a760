package dev.orbit.internal.event;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemNanoClock;

import dev.orbit.event.EventFrameDescriptor;
import dev.orbit.event.EventPoll;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.ring.Ring;

/**
 * Opens event buses over rings. A fleet has one event ring (kind {@link dev.orbit.ring.Kinds#EVENTS})
 * shared by every topic; the same ring opened by several processes (or several times in one process) is
 * one bus.
 * <p>
 * <b>Behaviour</b> (what is lost, and how the caller learns of it):
 * <ol>
 *   <li>A publish the ring loses (lapped before it committed, or its slot still held by a stalled live
 *   writer) returns {@link dev.orbit.ring.NetId64#NULL} and is counted in the ring's stats.</li>
 *   <li>A subscriber that falls more than the ring's capacity behind loses the oldest events; the count
 *   is exact, in {@link Subscription#loss()} and in each {@link EventPoll#loss()}.</li>
 *   <li>A position whose writer died or stalled past the pending timeout, and a frame that is not a well
 *   formed event (see {@link EventFrameDescriptor}), are skipped and counted as unavailable; they never
 *   throw. {@code received + overwritten + unavailable} equals the positions a subscription passed.</li>
 *   <li>Events of one publisher arrive in publish order. Across publishers, events arrive in ring order,
 *   except that a write which committed late is delivered late.</li>
 *   <li>{@link Subscription#poll(String, int)} passes events of other topics: that subscription does not
 *   see them again.</li>
 *   <li>An exception thrown by a handler propagates to the poller; that event is delivered again by the
 *   next poll.</li>
 * </ol>
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
