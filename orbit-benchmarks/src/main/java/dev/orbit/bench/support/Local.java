package dev.orbit.bench.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.SystemEpochClock;

import dev.orbit.cache.Caches;
import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.ClaimsDescriptor;
import dev.orbit.contest.Contest;
import dev.orbit.contest.ContestFrameDescriptor;
import dev.orbit.contest.Contests;
import dev.orbit.event.EventBuses;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.Rings;

/**
 * Orbit's substrates over process-local memory, built with the same factories a fleet uses (the rings run
 * the one slot protocol whether their memory is a direct buffer or a mapped file). The in-process JMH
 * benchmarks use these so each fork measures the operation alone, without a fleet's heartbeat thread.
 */
public final class Local {

    /** Node id of the benchmark process. */
    public static final int NODE = 1;

    private Local() {
    }

    /**
     * @param capacity        cache ring slots.
     * @param payloadCapacity payload bytes per slot (key + value + 13).
     * @return a cache over its own ring.
     */
    public static OrbitCache cache(final int capacity, final int payloadCapacity) {
        final Ring ring = Rings.allocate(Kinds.CACHE, RingSpec.of(capacity, payloadCapacity), NODE,
            SystemEpochClock.INSTANCE, Rings.DEFAULT_PENDING_TIMEOUT_MS);
        return Caches.over(ring, "bench", SystemEpochClock.INSTANCE);
    }

    /**
     * @param buckets claims table buckets.
     * @return a contest over its own claims table, with an audit ring as a fleet gives it.
     */
    public static Contest contest(final int buckets) {
        final ByteBuffer table = ByteBuffer.allocateDirect((int)ClaimsDescriptor.length(buckets) + ClaimsDescriptor.ALIGNMENT)
            .alignedSlice(ClaimsDescriptor.ALIGNMENT)
            .order(ByteOrder.LITTLE_ENDIAN);
        ClaimsDescriptor.initialise(table, buckets);
        final Ring audit = Rings.allocate(Kinds.CONTEST, RingSpec.of(1024, ContestFrameDescriptor.MAX_LENGTH), NODE,
            SystemEpochClock.INSTANCE, Rings.DEFAULT_PENDING_TIMEOUT_MS);
        return Contests.over(table, NODE, node -> false, SystemEpochClock.INSTANCE, audit);
    }

    /**
     * @param capacity        event ring slots.
     * @param payloadCapacity payload bytes per slot.
     * @return an event bus over its own ring.
     */
    public static OrbitEventBus events(final int capacity, final int payloadCapacity) {
        final Ring ring = Rings.allocate(Kinds.EVENTS, RingSpec.of(capacity, payloadCapacity), NODE,
            SystemEpochClock.INSTANCE, Rings.DEFAULT_PENDING_TIMEOUT_MS);
        return EventBuses.over(ring, SystemEpochClock.INSTANCE);
    }
}
