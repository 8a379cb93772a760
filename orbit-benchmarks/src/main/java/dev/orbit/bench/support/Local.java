package dev.orbit.bench.support;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.Contest;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.fleet.Fleet;
import dev.orbit.ring.RingSpec;

/**
 * Orbit's substrates from a process-local fleet ({@code Fleet.builder()...join()}): the same substrates and
 * the same slot protocol as a shared-memory fleet, over direct buffers instead of mapped files, so an
 * in-process JMH fork measures the operation alone. The cross-process rows use {@code joinShm()}.
 */
public final class Local {

    private Local() {
    }

    /**
     * @param capacity        cache ring slots.
     * @param payloadCapacity payload bytes per slot (key + value + 13).
     * @return a cache over its own ring in a fresh local fleet.
     */
    public static OrbitCache cache(final int capacity, final int payloadCapacity) {
        return fleet().cache("bench", RingSpec.of(capacity, payloadCapacity));
    }

    /**
     * @return the contest of a fresh local fleet (claims table and audit ring as a fleet sets them up).
     */
    public static Contest contest() {
        return fleet().contest();
    }

    /**
     * @param capacity        event ring slots.
     * @param payloadCapacity payload bytes per slot.
     * @return the event bus of a fresh local fleet.
     */
    public static OrbitEventBus events(final int capacity, final int payloadCapacity) {
        return Fleet.builder().name("bench-local").eventsSpec(RingSpec.of(capacity, payloadCapacity)).join().events();
    }

    private static Fleet fleet() {
        return Fleet.builder().name("bench-local").join();
    }
}
