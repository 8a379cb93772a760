package dev.orbit.cache;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * A cache whose entries live in one ring shared by every process of a fleet. Every put, delete and reset
 * is one frame; the newest frame for a key wins, a delete shadows older puts and a reset shadows older
 * entries under its prefix. A get first catches the per-process index up with the ring, so a put that
 * returned in one process is a hit in every other.
 * <p>
 * <b>Loss is not an error condition.</b> The cache holds at most its ring's capacity of writes: an entry
 * also leaves when newer writes lap it, and a get then misses. A put whose frame was lost returns false.
 * A malformed frame is counted as unavailable and never throws.
 * <p>
 * Thread-safe.
 */
public interface OrbitCache {

    /**
     * @return the cache's name.
     */
    String name();

    /**
     * @return largest key length in bytes.
     */
    int maxKeyLength();

    /**
     * @return largest value length in bytes for a key of {@code keyLength} bytes.
     *
     * @param keyLength key length.
     */
    int maxValueLength(int keyLength);

    /**
     * Puts a value that never expires.
     *
     * @param key   key bytes.
     * @param value value bytes.
     * @return true when the frame was committed, false when its write was lost.
     * @throws IllegalArgumentException when key and value do not fit a slot, naming both lengths and the limit.
     */
    default boolean put(final byte[] key, final byte[] value) {
        return put(key, value, Duration.ZERO);
    }

    /**
     * Puts a value.
     *
     * @param key   key bytes.
     * @param value value bytes.
     * @param ttl   time to live; {@link Duration#ZERO} for none.
     * @return true when the frame was committed, false when its write was lost.
     */
    boolean put(byte[] key, byte[] value, Duration ttl);

    /**
     * Puts a value from buffers (their positions and limits delimit the bytes; positions are not changed).
     *
     * @param key   key bytes.
     * @param value value bytes.
     * @param ttl   time to live; {@link Duration#ZERO} for none.
     * @return true when the frame was committed.
     */
    boolean put(ByteBuffer key, ByteBuffer value, Duration ttl);

    /**
     * @param key key bytes.
     * @return a copy of the value, empty on a miss (absent, deleted, reset, expired or overwritten).
     */
    Optional<byte[]> get(byte[] key);

    /**
     * Reads a value without allocating.
     *
     * @param key     key bytes (position to limit).
     * @param handler receives a private copy of the value.
     * @return true on a hit.
     */
    boolean get(ByteBuffer key, ValueHandler handler);

    /**
     * Deletes a key: older puts are shadowed in every process.
     *
     * @param key key bytes.
     * @return true when the frame was committed.
     */
    boolean delete(byte[] key);

    /**
     * Shadows every older entry whose key starts with {@code prefix}; an empty prefix clears the cache.
     *
     * @param prefix key prefix.
     * @return true when the frame was committed.
     */
    boolean resetPrefix(byte[] prefix);

    /**
     * Clears the cache in every process: {@code resetPrefix(new byte[0])}.
     *
     * @return true when the frame was committed.
     */
    default boolean clear() {
        return resetPrefix(new byte[0]);
    }

    /**
     * A view of the keys under a prefix: keys passed to the view are relative to the prefix, and
     * {@link #clear()} on the view resets only the prefix.
     *
     * @param prefix key prefix.
     * @return the view.
     */
    OrbitCache view(byte[] prefix);

    /**
     * @return counters of this process's use of the cache.
     */
    CacheStats stats();

    /**
     * Receives a private copy of a value.
     */
    @FunctionalInterface
    interface ValueHandler {

        /**
         * @param buffer private copy.
         * @param offset value offset.
         * @param length value length.
         */
        void onValue(ByteBuffer buffer, int offset, int length);
    }
}
