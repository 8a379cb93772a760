package dev.orbit.redis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.lettuce.core.ScriptOutputType;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.Subject;
import dev.orbit.internal.VersionedCache;

/**
 * A cache across hosts: Redis holds the fleet-wide value, and this host's Orbit cache of the same name is a near
 * cache shared by every process of the host, so a value is read from Redis once per host, not once per process.
 * <p>
 * <b>Writes</b> go through one script: bump the cache's version, store {@code [version][value]} with the time to
 * live, and append {@code (key, version, origin)} to the fleet's invalidation stream; each host's bridge then drops
 * near copies older than that version. The writer's host puts the value into its near cache at once.
 * <b>Gets</b> hit the near cache, else read Redis (value, remaining time to live, and the cache's version at the
 * moment of reading) and fill the near cache as of that version: a value read before an invalidation was written
 * never wins over that invalidation's tombstone, whichever lands first. <b>Clear</b> bumps the cache's generation,
 * which is part of every key: O(1), and the bridges sweep the old generation's keys in the background.
 * <p>
 * <b>Behaviour.</b>
 * <ol>
 *   <li>A put that returned true is a hit on every host once its invalidation passed (and at once on the writer's
 *   host); concurrent puts on several hosts converge everywhere to the value Redis kept (the higher version).</li>
 *   <li>Redis unreachable: gets serve near hits and miss otherwise; puts, deletes and clears apply to this host's
 *   near cache only and return false. When the bridge reconnects it clears this host's near caches, so the host
 *   re-converges to Redis.</li>
 *   <li>A host that missed invalidations (the stream was trimmed past it, or Redis lost it) clears its near caches.</li>
 *   <li>A value too large for the near cache's slot is kept in Redis only (every get reads Redis).</li>
 *   <li>No call waits on Redis longer than the command timeout.</li>
 * </ol>
 */
public final class FleetCache {

    private final RedisBridge bridge;
    private final OrbitCache near;
    private final VersionedCache versioned;
    private final String name;
    private final byte[] nameBytes;
    private final byte[][] writeKeys;
    private final byte[][] readKeys;
    private final byte[][] clearKeys;
    private final byte[] valuePrefix;
    private final byte[] maxLength;
    private final LongAdder nearHits = new LongAdder();
    private final LongAdder redisHits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder localOnlyWrites = new LongAdder();
    private final LongAdder redisErrors = new LongAdder();
    private final LongAdder nearSkipped = new LongAdder();
    private final LongAdder loads = new LongAdder();

    FleetCache(final RedisBridge bridge, final OrbitCache near) {
        this.bridge = bridge;
        this.near = near;
        this.versioned = (VersionedCache)near;
        this.name = near.name();
        this.nameBytes = ActiveBridge.bytes(name);
        final Keys keys = bridge.keys;
        this.readKeys = new byte[][] {keys.cacheVersion(name), keys.cacheGeneration(name)};
        this.writeKeys = new byte[][] {keys.cacheVersion(name), keys.cacheGeneration(name), keys.invalidations(),
            keys.invalidationsEpoch(), keys.invalidationsNumber(), keys.caches()};
        this.clearKeys = new byte[][] {keys.cacheVersion(name), keys.cacheGeneration(name), keys.invalidations(),
            keys.invalidationsEpoch(), keys.invalidationsNumber(), keys.caches(), keys.cacheOldGenerations(name)};
        this.valuePrefix = keys.cacheValuePrefix(name);
        this.maxLength = ActiveBridge.bytes(Long.toString(bridge.config.invalidationsMaxLength));
    }

    /**
     * @return the cache's name.
     */
    public String name() {
        return name;
    }

    /**
     * @return this host's near cache.
     */
    public OrbitCache near() {
        return near;
    }

    /**
     * @param key key bytes.
     * @return the value: from the near cache, else from Redis (then cached near); empty when absent or Redis is
     *     unreachable.
     */
    public Optional<byte[]> get(final byte[] key) {
        Objects.requireNonNull(key, "key");
        final Optional<byte[]> local = near.get(key);
        if (local.isPresent()) {
            nearHits.increment();
            return local;
        }
        final List<Object> reply;
        try {
            reply = RedisLink.asList(bridge.link.script(Script.CACHE_GET, ScriptOutputType.MULTI, readKeys, valuePrefix, key));
        }
        catch (final RedisLink.Unavailable ex) {
            redisErrors.increment();
            misses.increment();
            return Optional.empty();
        }
        final long asOf = RedisLink.asLong(reply.get(0));
        final byte[] stored = (byte[])reply.get(1);
        if (stored == null || stored.length < Long.BYTES) {
            misses.increment();
            return Optional.empty();
        }
        final byte[] value = Arrays.copyOfRange(stored, Long.BYTES, stored.length);
        final long pttl = RedisLink.asLong(reply.get(2));
        if (pttl != 0 && pttl != -2) {
            nearPut(key, value, pttl > 0 ? Duration.ofMillis(pttl) : Duration.ZERO, asOf);
        }
        redisHits.increment();
        return Optional.of(value);
    }

    /**
     * Reads a value without allocating when the near cache holds it (else as {@link #get(byte[])}).
     *
     * @param key     key bytes (position to limit; the position is not changed).
     * @param handler receives a private copy of the value.
     * @return true on a hit, near or in Redis.
     */
    public boolean get(final ByteBuffer key, final OrbitCache.ValueHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (near.get(key, handler)) {
            nearHits.increment();
            return true;
        }
        final byte[] bytes = new byte[key.remaining()];
        key.get(key.position(), bytes);
        final Optional<byte[]> value = get(bytes);
        if (value.isEmpty()) {
            return false;
        }
        handler.onValue(ByteBuffer.wrap(value.get()), 0, value.get().length);
        return true;
    }

    /**
     * Stores a value fleet-wide.
     *
     * @param key   key bytes.
     * @param value value bytes.
     * @param ttl   time to live, {@link Duration#ZERO} for none.
     * @return true when Redis stored it; false when Redis was unreachable (this host's near cache holds it until
     *     the bridge reconnects).
     */
    public boolean put(final byte[] key, final byte[] value, final Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        final long ttlMs = ttlMillis(ttl);
        final long version;
        try {
            version = RedisLink.asLong(bridge.link.script(Script.CACHE_WRITE, ScriptOutputType.INTEGER, writeKeys,
                valuePrefix, key, ActiveBridge.bytes("p"), value, ActiveBridge.bytes(Long.toString(ttlMs)), nameBytes,
                bridge.hostIdBytes, maxLength));
        }
        catch (final RedisLink.Unavailable ex) {
            redisErrors.increment();
            localOnlyWrites.increment();
            try {
                near.put(key, value, ttl);
            }
            catch (final IllegalArgumentException tooLarge) {
                near.delete(key);
            }
            return false;
        }
        writes.increment();
        nearPut(key, value, ttl, version);
        return true;
    }

    /**
     * Deletes a key fleet-wide.
     *
     * @param key key bytes.
     * @return true when Redis applied it.
     */
    public boolean delete(final byte[] key) {
        Objects.requireNonNull(key, "key");
        final long version;
        try {
            version = RedisLink.asLong(bridge.link.script(Script.CACHE_WRITE, ScriptOutputType.INTEGER, writeKeys,
                valuePrefix, key, ActiveBridge.bytes("d"), new byte[0], ActiveBridge.bytes("0"), nameBytes,
                bridge.hostIdBytes, maxLength));
        }
        catch (final RedisLink.Unavailable ex) {
            redisErrors.increment();
            localOnlyWrites.increment();
            near.delete(key);
            return false;
        }
        writes.increment();
        try {
            versioned.deleteAsOf(key, version);
        }
        catch (final IllegalArgumentException tooLarge) {
            // no near copy can exist for a key this large
        }
        return true;
    }

    /**
     * Clears the cache fleet-wide in O(1): a new generation; old keys are swept in the background.
     *
     * @return true when Redis applied it.
     */
    public boolean clear() {
        final long version;
        try {
            version = RedisLink.asLong(bridge.link.script(Script.CACHE_CLEAR, ScriptOutputType.INTEGER, clearKeys,
                nameBytes, bridge.hostIdBytes, maxLength));
        }
        catch (final RedisLink.Unavailable ex) {
            redisErrors.increment();
            localOnlyWrites.increment();
            near.clear();
            return false;
        }
        writes.increment();
        versioned.clearAsOf(version);
        return true;
    }

    /**
     * Gets a value, loading it at most once across the fleet at a time: on a miss, the loader runs where the fleet
     * claim {@code cache:<name>#<stripe>} is won; the other processes, on any host, wait for its put (or for the
     * claim to be released, then one of them loads). When Redis is unreachable the value is loaded here.
     *
     * @param key     key bytes.
     * @param ttl     time to live of a loaded value.
     * @param wait    longest wait for another process's load; after it this process loads itself.
     * @param loader  computes the value.
     * @return the value.
     */
    public byte[] get(final byte[] key, final Duration ttl, final Duration wait, final Supplier<byte[]> loader) {
        Objects.requireNonNull(loader, "loader");
        final Optional<byte[]> cached = get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        final Subject subject = Subject.of("cache:" + name + "#" + (Arrays.hashCode(key) & 63));
        final long deadline = System.nanoTime() + wait.toNanos();
        long parkNs = TimeUnit.MILLISECONDS.toNanos(1);
        while (true) {
            final FleetClaimResult result = bridge.claims().tryClaim(subject, "load", wait.compareTo(Duration.ofMillis(1)) < 0 ?
                Duration.ofMillis(1) : wait);
            if (result instanceof FleetClaimResult.Claimed claimed) {
                try (FleetGuard guard = claimed.guard()) {
                    final Optional<byte[]> again = get(key);
                    if (again.isPresent()) {
                        return again.get();
                    }
                    return load(key, ttl, loader);
                }
            }
            if (result instanceof FleetClaimResult.Unavailable || System.nanoTime() - deadline >= 0) {
                return load(key, ttl, loader);
            }
            LockSupport.parkNanos(this, parkNs);
            parkNs = Math.min(parkNs * 2, TimeUnit.MILLISECONDS.toNanos(50));
            final Optional<byte[]> loaded = get(key);
            if (loaded.isPresent()) {
                return loaded.get();
            }
        }
    }

    private byte[] load(final byte[] key, final Duration ttl, final Supplier<byte[]> loader) {
        loads.increment();
        final byte[] value = loader.get();
        if (value != null) {
            put(key, value, ttl);
        }
        return value;
    }

    /**
     * @return counters of this process's use of the cache.
     */
    public FleetCacheStats stats() {
        return new FleetCacheStats(nearHits.sum(), redisHits.sum(), misses.sum(), writes.sum(), localOnlyWrites.sum(),
            redisErrors.sum(), nearSkipped.sum(), loads.sum());
    }

    private void nearPut(final byte[] key, final byte[] value, final Duration ttl, final long asOf) {
        if (key.length > near.maxKeyLength() || value.length > near.maxValueLength(key.length)) {
            nearSkipped.increment();
            if (key.length <= near.maxKeyLength()) {
                versioned.deleteAsOf(key, asOf);
            }
            return;
        }
        versioned.putAsOf(key, value, ttl, asOf);
    }

    private static long ttlMillis(final Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: ttl=" + ttl);
        }
        if (ttl.isZero()) {
            return 0;
        }
        return Math.max(1, ttl.toMillis());
    }

    /**
     * @param version a stored value's first 8 bytes.
     * @return the version they hold.
     */
    static long versionOf(final byte[] stored) {
        return ByteBuffer.wrap(stored, 0, Long.BYTES).order(ByteOrder.BIG_ENDIAN).getLong();
    }

    @Override
    public String toString() {
        return "FleetCache(name=" + name + ", host=" + bridge.hostId + ")";
    }
}
