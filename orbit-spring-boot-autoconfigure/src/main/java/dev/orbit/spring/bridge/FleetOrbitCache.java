package dev.orbit.spring.bridge;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

import dev.orbit.cache.CacheStats;
import dev.orbit.cache.OrbitCache;
import dev.orbit.redis.FleetCache;

/**
 * A {@link FleetCache} seen as an {@link OrbitCache}, so a Spring cache can be fleet-wide: Redis holds the value,
 * this host's Orbit cache of the same name is the near cache of every process on the host. Writes return false
 * when Redis did not store them (the near cache then holds them until the bridge reconnects). Prefix views and
 * prefix resets other than the whole cache are not supported.
 */
public final class FleetOrbitCache implements OrbitCache {

    private final FleetCache cache;

    /**
     * @param cache the fleet cache.
     */
    public FleetOrbitCache(FleetCache cache) {
        this.cache = cache;
    }

    /**
     * @return the fleet cache.
     */
    public FleetCache fleetCache() {
        return this.cache;
    }

    @Override
    public String name() {
        return this.cache.name();
    }

    @Override
    public int maxKeyLength() {
        return this.cache.near().maxKeyLength();
    }

    @Override
    public int maxValueLength(int keyLength) {
        return this.cache.near().maxValueLength(keyLength);
    }

    @Override
    public boolean put(byte[] key, byte[] value, Duration ttl) {
        return this.cache.put(key, value, ttl);
    }

    @Override
    public boolean put(ByteBuffer key, ByteBuffer value, Duration ttl) {
        return this.cache.put(bytes(key), bytes(value), ttl);
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        return this.cache.get(key);
    }

    @Override
    public boolean get(ByteBuffer key, ValueHandler handler) {
        return this.cache.get(key, handler);
    }

    @Override
    public boolean delete(byte[] key) {
        return this.cache.delete(key);
    }

    @Override
    public boolean resetPrefix(byte[] prefix) {
        if (prefix.length == 0) {
            return this.cache.clear();
        }
        throw new UnsupportedOperationException("a fleet cache resets as a whole: cache=" + name());
    }

    @Override
    public boolean clear() {
        return this.cache.clear();
    }

    @Override
    public OrbitCache view(byte[] prefix) {
        throw new UnsupportedOperationException("a fleet cache has no prefix views: cache=" + name());
    }

    @Override
    public CacheStats stats() {
        return this.cache.near().stats();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "FleetOrbitCache(" + this.cache + ")";
    }

}
