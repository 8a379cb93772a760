package dev.orbit.internal.cache;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

import dev.orbit.cache.CacheFrameDescriptor;
import dev.orbit.cache.CacheStats;
import dev.orbit.cache.OrbitCache;

/**
 * The keys of a {@link RingCache} under a prefix. Shares the cache's ring, index and counters; a key
 * given to the view is stored as the prefix followed by the key, and {@link #clear()} is one
 * RESET_PREFIX frame of the prefix, so it shadows only this view's entries.
 */
final class CacheView implements OrbitCache {

    private final RingCache cache;
    private final byte[] prefix;

    CacheView(final RingCache cache, final byte[] prefix) {
        this.cache = cache;
        this.prefix = prefix;
    }

    @Override
    public String name() {
        return cache.name();
    }

    @Override
    public int maxKeyLength() {
        return cache.maxKeyLength() - prefix.length;
    }

    @Override
    public int maxValueLength(final int keyLength) {
        return cache.maxValueLength(prefix.length + keyLength);
    }

    @Override
    public boolean put(final byte[] key, final byte[] value, final Duration ttl) {
        return cache.write(CacheFrameDescriptor.PUT, prefix, ByteBuffer.wrap(key), 0, key.length,
            ByteBuffer.wrap(value), 0, value.length, ttl);
    }

    @Override
    public boolean put(final ByteBuffer key, final ByteBuffer value, final Duration ttl) {
        return cache.write(CacheFrameDescriptor.PUT, prefix, key, key.position(), key.remaining(),
            value, value.position(), value.remaining(), ttl);
    }

    @Override
    public Optional<byte[]> get(final byte[] key) {
        return cache.get(prefix, key);
    }

    @Override
    public boolean get(final ByteBuffer key, final ValueHandler handler) {
        return cache.lookup(prefix, key, key.position(), key.remaining(), handler);
    }

    @Override
    public boolean delete(final byte[] key) {
        return cache.write(CacheFrameDescriptor.DELETE, prefix, ByteBuffer.wrap(key), 0, key.length, null, 0, 0,
            Duration.ZERO);
    }

    @Override
    public boolean resetPrefix(final byte[] prefix) {
        return cache.write(CacheFrameDescriptor.RESET_PREFIX, this.prefix, ByteBuffer.wrap(prefix), 0, prefix.length,
            null, 0, 0, Duration.ZERO);
    }

    @Override
    public OrbitCache view(final byte[] prefix) {
        return new CacheView(cache, cache.checkViewPrefix(this.prefix, prefix));
    }

    /**
     * @return the cache's counters: a view shares them with the whole cache.
     */
    @Override
    public CacheStats stats() {
        return cache.stats();
    }

    @Override
    public String toString() {
        return "CacheView(name=" + cache.name() + ", prefixLength=" + prefix.length + ")";
    }
}
