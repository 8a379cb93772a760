package dev.orbit.internal.cache;

import java.nio.ByteBuffer;
import java.util.function.Predicate;

import org.agrona.concurrent.EpochClock;

import dev.orbit.cache.OrbitCache;
import dev.orbit.ring.Ring;

/**
 * The one place tests reach into the cache, shipped in the core's test jar: a cache whose index hashes chosen keys
 * onto one 64-bit hash, so a test can make two keys collide (the production hash is keyed at random per process).
 */
public final class CacheSeams {

    /** The hash {@link #colliding} gives every key it selects. */
    public static final long COLLIDING_HASH = 42L;

    private CacheSeams() {
    }

    /**
     * @param ring     the cache's ring.
     * @param name     the cache's name.
     * @param clock    epoch clock for expiry.
     * @param collides selects the keys (their bytes, read from position 0 of a fresh array) that share
     *                 {@link #COLLIDING_HASH}; every other key has the process's keyed hash.
     * @return a cache over {@code ring}.
     */
    public static OrbitCache colliding(
        final Ring ring, final String name, final EpochClock clock, final Predicate<byte[]> collides) {
        return new RingCache(ring, name, clock, (buffer, offset, length) -> {
            final byte[] key = new byte[length];
            buffer.get(offset, key, 0, length);
            return collides.test(key) ? COLLIDING_HASH : KeyHasher.DEFAULT.hash(ByteBuffer.wrap(key), 0, length);
        });
    }
}
