package dev.orbit.cache;

import org.agrona.concurrent.EpochClock;

import dev.orbit.ring.Ring;

/**
 * Opens caches over rings. A fleet gives each named cache its own ring (kind
 * {@link dev.orbit.ring.Kinds#CACHE}), so caches never evict each other; the same ring opened by several
 * processes (or several times in one process) is one shared cache.
 */
public final class Caches {

    private Caches() {
    }

    /**
     * Opens a cache over a ring and indexes every frame the ring still holds.
     * <p>
     * The largest key is {@code min(65535, payloadCapacity - 13)} bytes and key plus value must fit
     * {@code payloadCapacity - 13}; a larger put throws {@link IllegalArgumentException} naming both lengths,
     * the limits and the cache.
     *
     * @param ring  the cache's ring, used by nothing else.
     * @param name  the cache's name, for messages and metrics.
     * @param clock epoch clock for expiry.
     * @return the cache, thread-safe.
     * @throws IllegalArgumentException when the ring's payload capacity cannot hold a frame header.
     */
    public static OrbitCache over(final Ring ring, final String name, final EpochClock clock) {
        return new RingCache(ring, name, clock, KeyHasher.DEFAULT);
    }
}
