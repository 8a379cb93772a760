package dev.orbit.internal.cache;

import org.agrona.concurrent.EpochClock;

import dev.orbit.cache.CacheFrameDescriptor;
import dev.orbit.cache.CacheStats;
import dev.orbit.cache.OrbitCache;
import dev.orbit.ring.Ring;

/**
 * Opens caches over rings. A fleet gives each named cache its own ring (kind
 * {@link dev.orbit.ring.Kinds#CACHE}), so caches never evict each other; the same ring opened by several
 * processes (or several times in one process) is one shared cache.
 * <p>
 * <b>Behaviour</b> (what is lost, and how the caller learns of it):
 * <ol>
 *   <li>Every put, delete and prefix reset is one ring frame. A write the ring loses (lapped before it
 *   committed, or its slot still held by a stalled live writer) returns false and is counted in
 *   {@link CacheStats#lostWrites()}.</li>
 *   <li>A put that returned true is a hit in every process's next get, until it is replaced, deleted,
 *   reset, expired or lapped.</li>
 *   <li>The newest counter wins, not the latest commit: a write whose writer stalled and committed late
 *   never replaces a write that reserved its position after it.</li>
 *   <li>The cache holds at most the ring's capacity of <em>writes</em> (not keys): an entry lapped by newer
 *   writes of any key is a miss.</li>
 *   <li>Expiry is judged by the reading process's clock; a put's expiry is its writer's clock plus the
 *   ttl, rounded up to whole milliseconds.</li>
 *   <li>Frames that are not well formed (see {@link CacheFrameDescriptor}) and positions whose writer
 *   died are skipped and counted in {@link CacheStats#unavailable()}; they never throw. Frames the index
 *   did not read before the ring lapped them are counted in {@link CacheStats#overwritten()}.</li>
 *   <li>Keys are told apart by their bytes, never by their hash alone: keys whose 64-bit hashes collide each
 *   hit their own value, and a delete or a prefix reset shadows only the keys whose bytes it names. The hash is
 *   a strongly universal hash under a key drawn at random in each process, so colliding keys cannot be
 *   planned.</li>
 *   <li>A key or value too large for a slot is an {@link IllegalArgumentException} naming the lengths, the
 *   limits and the cache.</li>
 * </ol>
 * A {@link OrbitCache.ValueHandler} runs on the calling thread, outside the cache's lock, on a private
 * copy valid only during the call; it must not call back into the same cache.
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
