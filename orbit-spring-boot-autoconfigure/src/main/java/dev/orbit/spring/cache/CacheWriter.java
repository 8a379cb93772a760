package dev.orbit.spring.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.orbit.cache.OrbitCache;
import dev.orbit.spring.metrics.OrbitMeters;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Writes one Spring cache's frames and reports what did not happen; never fails a business call.
 * <ul>
 * <li>A write whose frame is lost (lapped before it committed, or its slot held by a stalled writer) is retried,
 * {@value #WRITE_ATTEMPTS} attempts in all; one still not applied, or refused by the cache (a closed fleet), is
 * logged once per cache at WARN and counted ({@code orbit.cache.writes.lost}, {@link #lostWrites()}).</li>
 * <li>A value that is not cached (too large for a slot, or not encodable) is logged once per cache at WARN and
 * counted ({@code orbit.cache.oversize}, {@link #skipped()}); its key is evicted so that no older value is
 * served.</li>
 * <li>An entry that cannot be decoded is logged once per cache at WARN (the read is a miss).</li>
 * </ul>
 */
final class CacheWriter {

    /** Attempts of a write whose frame is lost, before it is counted as not applied. */
    static final int WRITE_ATTEMPTS = 3;

    private static final Log logger = LogFactory.getLog(OrbitSpringCache.class);

    private final String name;

    private final OrbitCache cache;

    private final Duration timeToLive;

    private final Supplier<OrbitMeters> meters;

    private final AtomicBoolean oversizeLogged = new AtomicBoolean();

    private final AtomicBoolean unencodableLogged = new AtomicBoolean();

    private final AtomicBoolean undecodableLogged = new AtomicBoolean();

    private final AtomicBoolean writeLostLogged = new AtomicBoolean();

    private final LongAdder puts = new LongAdder();

    private final LongAdder evictions = new LongAdder();

    private final LongAdder skipped = new LongAdder();

    private final LongAdder lostWrites = new LongAdder();

    /**
     * @param name       the cache's name.
     * @param cache      where frames go.
     * @param timeToLive entries' time to live, {@link Duration#ZERO} for none.
     * @param meters     where skipped values and lost writes are counted.
     */
    CacheWriter(String name, OrbitCache cache, Duration timeToLive, Supplier<OrbitMeters> meters) {
        this.name = name;
        this.cache = cache;
        this.timeToLive = timeToLive;
        this.meters = meters;
    }

    /**
     * Stores an entry, or, when it does not fit a slot, skips it and evicts the key.
     *
     * @param key   the key's bytes.
     * @param entry the entry's bytes.
     * @return whether the entry was stored.
     */
    boolean put(byte[] key, byte[] entry) {
        int limit = this.cache.maxValueLength(key.length);
        if (entry.length > limit) {
            skip(key, this.oversizeLogged, "a value of " + entry.length + " bytes (key " + key.length + " bytes) "
                    + "exceeds the slot's " + Math.max(0, limit) + " bytes and is not cached; raise "
                    + "orbit.cache.caches[" + this.name + "].max-value-size or orbit.cache.max-value-size");
            return false;
        }
        try {
            if (write("put", () -> this.cache.put(key, entry, this.timeToLive))) {
                this.puts.increment();
                return true;
            }
            return false;
        }
        catch (IllegalArgumentException ex) {
            skip(key, this.oversizeLogged, "a value was refused by the cache and is not cached: " + ex.getMessage());
            return false;
        }
    }

    /**
     * Skips a value the codec cannot encode, and evicts its key.
     *
     * @param key     the key's bytes.
     * @param type    the value's type.
     * @param failure the codec's reason.
     */
    void unencodable(byte[] key, Class<?> type, RuntimeException failure) {
        skip(key, this.unencodableLogged, "a value of type " + type.getName() + " cannot be encoded and is not "
                + "cached: " + failure.getMessage());
    }

    /**
     * Reports an entry that cannot be decoded (read as a miss).
     *
     * @param failure the codec's reason.
     */
    void undecodable(RuntimeException failure) {
        if (this.undecodableLogged.compareAndSet(false, true)) {
            logger.warn("Cache '" + this.name + "': an entry could not be decoded and is treated as a miss "
                    + "(logged once per cache): " + failure.getMessage());
        }
    }

    /**
     * @param key the key's bytes.
     * @return whether the eviction was applied.
     */
    boolean evict(byte[] key) {
        this.evictions.increment();
        return write("evict", () -> this.cache.delete(key));
    }

    /**
     * @return whether the clear was applied.
     */
    boolean clear() {
        this.evictions.increment();
        return write("clear", this.cache::clear);
    }

    long puts() {
        return this.puts.sum();
    }

    long evictions() {
        return this.evictions.sum();
    }

    long skipped() {
        return this.skipped.sum();
    }

    long lostWrites() {
        return this.lostWrites.sum();
    }

    private void skip(byte[] key, AtomicBoolean logged, String message) {
        this.skipped.increment();
        this.meters.get().cacheOversize(this.name);
        if (logged.compareAndSet(false, true)) {
            logger.warn("Cache '" + this.name + "': " + message + " (logged once per cache, counted as "
                    + "orbit.cache.oversize)");
        }
        write("evict", () -> this.cache.delete(key));
    }

    /**
     * Runs a write, again while its frame is lost, up to {@value #WRITE_ATTEMPTS} attempts; never throws except
     * the {@link IllegalArgumentException} of a put that does not fit a slot.
     *
     * @return whether the write was applied.
     */
    private boolean write(String operation, BooleanSupplier write) {
        RuntimeException failure = null;
        try {
            for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
                if (write.getAsBoolean()) {
                    return true;
                }
            }
        }
        catch (IllegalArgumentException ex) {
            if ("put".equals(operation)) {
                throw ex;
            }
            failure = ex;
        }
        catch (RuntimeException ex) {
            failure = ex;
        }
        this.lostWrites.increment();
        this.meters.get().cacheWriteLost(this.name, operation);
        if (this.writeLostLogged.compareAndSet(false, true)) {
            String why = (failure != null) ? "the cache refused it: " + failure
                    : "its frame was lost " + WRITE_ATTEMPTS + " times (lapped by other writes, or its slot held by "
                            + "a stalled writer)";
            logger.warn("Cache '" + this.name + "': a " + operation + " was not applied, " + why + "; older values "
                    + "may be served until they expire or are lapped (logged once per cache, counted as "
                    + "orbit.cache.writes.lost)", failure);
        }
        return false;
    }

}
