package dev.orbit.spring.boot.autoconfigure.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Holder;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;
import dev.orbit.spring.boot.autoconfigure.OrbitProperties.NullPolicy;
import dev.orbit.spring.boot.autoconfigure.OrbitScheduler;
import dev.orbit.spring.boot.autoconfigure.metrics.OrbitMeters;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link Cache} over an {@link OrbitCache}: every sibling process of the fleet sees its puts, evictions
 * and clears.
 * <p>
 * Keys become text through an {@link OrbitKeyCodec} (keys longer than {@value #MAX_PLAIN_KEY_LENGTH} UTF-8
 * bytes are replaced by their SHA-256 digest); values become bytes through an {@link OrbitValueCodec}, behind a
 * one-byte marker (0 = {@code null}, 1 = codec bytes).
 * <p>
 * <b>Nothing here fails a business call because of the cache.</b> A value too large for a slot, or one the codec
 * cannot encode, is not cached: it is logged once per cache at WARN and counted ({@code orbit.cache.oversize}),
 * and the key is evicted so that no older value is served. An entry that cannot be decoded is a miss. An entry
 * also leaves when the cache's ring laps it (a miss).
 * <p>
 * A write whose frame is lost (lapped before it committed, or its slot held by a stalled writer) is retried
 * {@value #WRITE_ATTEMPTS} times in all; a put, eviction or clear still not applied, or refused by the cache (a
 * closed fleet), is logged once per cache at WARN and counted ({@code orbit.cache.writes.lost}): older values may
 * then be served until they expire or are lapped.
 * <p>
 * {@link #get(Object, Callable)} ({@code @Cacheable(sync = true)}) is a cross-process single flight: threads of
 * this process share one load per key, and across processes the load runs where the claim
 * {@code cache:<name>#<stripe>} is won, the stripe a stable hash of the key modulo {@code orbit.cache.sync-stripes}
 * (so a cache uses a fixed number of the fleet's claim slots, and keys of one stripe load one after the other; a
 * nested load of the same stripe on the thread that holds it runs under that claim). The others poll the cache
 * until the value appears, or until the claim is released (the holder loaded another key of the stripe, its
 * loader failed, its value was not cacheable, or its process died) and one of them claims in turn. After
 * {@code orbit.cache.sync-timeout} a waiter computes the value itself. A waiting thread that is interrupted stops
 * waiting: its call throws a {@link ValueRetrievalException} caused by an {@link InterruptedException}, with the
 * interrupt flag kept. If the contest fails (a full claims table, a closed fleet), the value is loaded here
 * without the single flight, logged once per cache at WARN and counted ({@code orbit.cache.sync.fallback}).
 */
public class OrbitSpringCache implements Cache {

    /** Keys with a longer UTF-8 form are stored as their digest. */
    public static final int MAX_PLAIN_KEY_LENGTH = 200;

    private static final Log logger = LogFactory.getLog(OrbitSpringCache.class);

    private static final byte NULL_VALUE = 0;

    private static final byte CODEC_VALUE = 1;

    /** Attempts of a write whose frame is lost, before it is counted as not applied. */
    static final int WRITE_ATTEMPTS = 3;

    private static final long WAIT_MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private static final long WAIT_MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final String name;

    private final OrbitCache orbitCache;

    private final OrbitKeyCodec keyCodec;

    private final OrbitValueCodec valueCodec;

    private final Duration timeToLive;

    private final NullPolicy nullPolicy;

    private final SyncSupport sync;

    private final Supplier<OrbitMeters> meters;

    private final Subject[] syncSubjects;

    private final ThreadLocal<BitSet> heldStripes = ThreadLocal.withInitial(BitSet::new);

    private final ConcurrentMap<String, CompletableFuture<Object>> loads = new ConcurrentHashMap<>();

    private final AtomicBoolean oversizeLogged = new AtomicBoolean();

    private final AtomicBoolean unencodableLogged = new AtomicBoolean();

    private final AtomicBoolean undecodableLogged = new AtomicBoolean();

    private final AtomicBoolean writeLostLogged = new AtomicBoolean();

    private final AtomicBoolean contestFailureLogged = new AtomicBoolean();

    private final LongAdder hits = new LongAdder();

    private final LongAdder misses = new LongAdder();

    private final LongAdder puts = new LongAdder();

    private final LongAdder evictions = new LongAdder();

    private final LongAdder skipped = new LongAdder();

    private final LongAdder lostWrites = new LongAdder();

    private final LongAdder syncFallbacks = new LongAdder();

    /**
     * @param name       the cache name.
     * @param orbitCache the Orbit cache.
     * @param keyCodec   the key codec.
     * @param valueCodec the value codec.
     * @param timeToLive entries' time to live, {@link Duration#ZERO} for none.
     * @param nullPolicy what to do with {@code null} values.
     * @param sync       cross-process single flight settings; {@code null} makes loads per process.
     * @param meters     where skipped values are counted.
     */
    public OrbitSpringCache(String name, OrbitCache orbitCache, OrbitKeyCodec keyCodec, OrbitValueCodec valueCodec,
            Duration timeToLive, NullPolicy nullPolicy, SyncSupport sync, Supplier<OrbitMeters> meters) {
        this.name = name;
        this.orbitCache = orbitCache;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.timeToLive = timeToLive;
        this.nullPolicy = nullPolicy;
        this.sync = sync;
        this.meters = meters;
        this.syncSubjects = (sync != null) ? syncSubjects(name, sync.stripes()) : null;
    }

    @Override
    public String getName() {
        return this.name;
    }

    @Override
    public OrbitCache getNativeCache() {
        return this.orbitCache;
    }

    @Override
    public ValueWrapper get(Object key) {
        return lookup(keyBytes(key));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Class<T> type) {
        ValueWrapper wrapper = get(key);
        Object value = (wrapper != null) ? wrapper.get() : null;
        if (value != null && type != null && !type.isInstance(value)) {
            throw new IllegalStateException("Cached value is not of required type [" + type.getName() + "]: " + value);
        }
        return (T) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Callable<T> valueLoader) {
        String text = keyText(key);
        byte[] keyBytes = keyBytes(text);
        boolean first = true;
        while (true) {
            ValueWrapper hit = lookup(keyBytes, first);
            if (hit != null) {
                return (T) hit.get();
            }
            first = false;
            CompletableFuture<Object> load = new CompletableFuture<>();
            CompletableFuture<Object> running = this.loads.putIfAbsent(text, load);
            if (running == null) {
                return (T) lead(key, text, keyBytes, valueLoader, load);
            }
            try {
                return (T) running.get();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new InterruptedWait(key, valueLoader, ex);
            }
            catch (ExecutionException ex) {
                Throwable cause = ex.getCause();
                if (cause instanceof InterruptedWait && !Thread.currentThread().isInterrupted()) {
                    continue; // the thread that led the load was interrupted, not this one: lead or join anew
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new ValueRetrievalException(key, valueLoader, cause);
            }
        }
    }

    private Object lead(Object key, String text, byte[] keyBytes, Callable<?> valueLoader,
            CompletableFuture<Object> load) {
        try {
            Object value = loadOnce(key, text, keyBytes, valueLoader);
            load.complete(value);
            return value;
        }
        catch (RuntimeException | Error ex) {
            load.completeExceptionally(ex);
            throw ex;
        }
        finally {
            this.loads.remove(text, load);
        }
    }

    @Override
    public CompletableFuture<?> retrieve(Object key) {
        ValueWrapper hit = get(key);
        if (hit == null) {
            return null;
        }
        return CompletableFuture.completedFuture((this.nullPolicy == NullPolicy.CACHE_NULLS) ? hit : hit.get());
    }

    @Override
    public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
        return CompletableFuture.supplyAsync(() -> get(key, () -> {
            try {
                return valueLoader.get().join();
            }
            catch (CompletionException ex) {
                throw (ex.getCause() instanceof Exception cause) ? cause : ex;
            }
        }));
    }

    @Override
    public void put(Object key, Object value) {
        store(keyBytes(key), value);
    }

    @Override
    public ValueWrapper putIfAbsent(Object key, Object value) {
        byte[] keyBytes = keyBytes(key);
        ValueWrapper existing = lookup(keyBytes);
        if (existing == null) {
            store(keyBytes, value);
        }
        return existing;
    }

    @Override
    public void evict(Object key) {
        byte[] keyBytes = keyBytes(key);
        write("evict", () -> this.orbitCache.delete(keyBytes));
        this.evictions.increment();
    }

    @Override
    public boolean evictIfPresent(Object key) {
        byte[] keyBytes = keyBytes(key);
        boolean present = this.orbitCache.get(keyBytes).isPresent();
        write("evict", () -> this.orbitCache.delete(keyBytes));
        this.evictions.increment();
        return present;
    }

    @Override
    public void clear() {
        write("clear", this.orbitCache::clear);
        this.evictions.increment();
    }

    @Override
    public boolean invalidate() {
        clear();
        return true;
    }

    /**
     * @return gets that found an entry, in this process.
     */
    public long getHitCount() {
        return this.hits.sum();
    }

    /**
     * @return gets that found none, in this process.
     */
    public long getMissCount() {
        return this.misses.sum();
    }

    /**
     * @return values stored by this process.
     */
    public long getPutCount() {
        return this.puts.sum();
    }

    /**
     * @return evictions and clears issued by this process.
     */
    public long getEvictionCount() {
        return this.evictions.sum();
    }

    /**
     * @return values this process did not cache because they were too large or not encodable.
     */
    public long getSkippedCount() {
        return this.skipped.sum();
    }

    /**
     * @return puts, evictions and clears of this process that were not applied after their retries.
     */
    public long getLostWriteCount() {
        return this.lostWrites.sum();
    }

    /**
     * @return {@code sync = true} loads of this process that ran without the single flight because the contest
     *         failed.
     */
    public long getSyncFallbackCount() {
        return this.syncFallbacks.sum();
    }

    /**
     * @return the time to live of the entries, {@link Duration#ZERO} for none.
     */
    public Duration getTimeToLive() {
        return this.timeToLive;
    }

    private Object loadOnce(Object key, String text, byte[] keyBytes, Callable<?> valueLoader) {
        if (this.sync == null) {
            return loadAndStore(key, keyBytes, valueLoader);
        }
        int stripe = stripe(text, this.syncSubjects.length);
        if (this.heldStripes.get().get(stripe)) {
            // This thread holds the stripe's claim (a nested load): no other process loads the stripe meanwhile.
            return loadAndStore(key, keyBytes, valueLoader);
        }
        Subject subject = this.syncSubjects[stripe];
        long deadline = System.nanoTime() + this.sync.timeout().toNanos();
        IdleStrategy idle = new BackoffIdleStrategy(0, 0, WAIT_MIN_PARK_NANOS, WAIT_MAX_PARK_NANOS);
        while (true) {
            ValueWrapper hit = lookup(keyBytes, false);
            if (hit != null) {
                return hit.get();
            }
            ClaimResult result;
            try {
                result = this.sync.contest().tryClaim(subject, "cache:" + owner(), this.sync.claimTtl());
            }
            catch (RuntimeException ex) {
                return loadWithoutSingleFlight(key, keyBytes, valueLoader, ex);
            }
            if (result instanceof dev.orbit.contest.Claimed claimed) {
                return loadClaimed(key, keyBytes, valueLoader, claimed.guard(), stripe);
            }
            Holder holder = ((YieldTo) result).holder();
            idle.reset();
            while (true) {
                hit = lookup(keyBytes, false);
                if (hit != null) {
                    return hit.get();
                }
                if (Thread.currentThread().isInterrupted()) {
                    // The flag stays set; a parked wait would return at once and spin until the timeout.
                    throw new InterruptedWait(key, valueLoader, new InterruptedException("interrupted while "
                            + "waiting for node " + holder.nodeId() + " to release claim '" + subject.label() + "'"));
                }
                Optional<Holder> current;
                try {
                    current = this.sync.contest().holder(subject);
                }
                catch (RuntimeException ex) {
                    return loadWithoutSingleFlight(key, keyBytes, valueLoader, ex);
                }
                if (current.isEmpty() || current.get().fenceToken() != holder.fenceToken()) {
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    logger.warn("Cache '" + this.name + "': waited " + this.sync.timeout() + " for node "
                            + holder.nodeId() + " to release claim '" + subject.label() + "' (loading key '" + text
                            + "' or another key of its stripe); loading it here");
                    return loadAndStore(key, keyBytes, valueLoader);
                }
                idle.idle();
            }
        }
    }

    private Object loadClaimed(Object key, byte[] keyBytes, Callable<?> valueLoader, Guard guard, int stripe) {
        ScheduledFuture<?> renewal = null;
        BitSet held = this.heldStripes.get();
        held.set(stripe);
        try {
            ValueWrapper hit = lookup(keyBytes, false);
            if (hit != null) {
                return hit.get();
            }
            Duration ttl = this.sync.claimTtl();
            try {
                renewal = this.sync.scheduler().scheduleAtFixedRate(() -> guard.renew(ttl), ttl.dividedBy(3));
            }
            catch (RuntimeException ex) {
                // Load anyway: the claim lasts its TTL, after which another process may load the key too.
                contestFailed("the claim on '" + guard.subject().label() + "' cannot be renewed, so it may expire "
                        + "while the value loads", ex);
            }
            return loadAndStore(key, keyBytes, valueLoader);
        }
        finally {
            held.clear(stripe);
            if (renewal != null) {
                renewal.cancel(false);
            }
            try {
                guard.close();
            }
            catch (RuntimeException ex) {
                contestFailed("the claim on '" + guard.subject().label() + "' could not be released; it ends "
                        + "after its TTL", ex);
            }
        }
    }

    private Object loadWithoutSingleFlight(Object key, byte[] keyBytes, Callable<?> valueLoader,
            RuntimeException failure) {
        this.syncFallbacks.increment();
        this.meters.get().cacheSyncFallback(this.name);
        contestFailed("the cross-process single flight failed, so this process loads the value without it "
                + "(counted as orbit.cache.sync.fallback)", failure);
        return loadAndStore(key, keyBytes, valueLoader);
    }

    private void contestFailed(String message, RuntimeException failure) {
        if (this.contestFailureLogged.compareAndSet(false, true)) {
            logger.warn("Cache '" + this.name + "': " + message + " (logged once per cache): " + failure, failure);
        }
        else if (logger.isDebugEnabled()) {
            logger.debug("Cache '" + this.name + "': " + message + ": " + failure);
        }
    }

    private Object loadAndStore(Object key, byte[] keyBytes, Callable<?> valueLoader) {
        Object value;
        try {
            value = valueLoader.call();
        }
        catch (Exception ex) {
            throw new ValueRetrievalException(key, valueLoader, ex);
        }
        store(keyBytes, value);
        return value;
    }

    private ValueWrapper lookup(byte[] keyBytes) {
        return lookup(keyBytes, true);
    }

    private ValueWrapper lookup(byte[] keyBytes, boolean count) {
        Optional<byte[]> stored = this.orbitCache.get(keyBytes);
        if (stored.isEmpty()) {
            if (count) {
                this.misses.increment();
            }
            return null;
        }
        byte[] bytes = stored.get();
        try {
            if (bytes.length == 1 && bytes[0] == NULL_VALUE) {
                if (count) {
                    this.hits.increment();
                }
                return new SimpleValueWrapper(null);
            }
            if (bytes.length == 0 || bytes[0] != CODEC_VALUE) {
                throw new IllegalArgumentException("unknown entry marker");
            }
            byte[] encoded = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, encoded, 0, encoded.length);
            Object value = this.valueCodec.decode(encoded);
            if (count) {
                this.hits.increment();
            }
            return new SimpleValueWrapper(value);
        }
        catch (RuntimeException ex) {
            if (this.undecodableLogged.compareAndSet(false, true)) {
                logger.warn("Cache '" + this.name + "': an entry could not be decoded and is treated as a miss "
                        + "(logged once per cache): " + ex.getMessage());
            }
            if (count) {
                this.misses.increment();
            }
            return null;
        }
    }

    private void store(byte[] keyBytes, Object value) {
        byte[] entry;
        if (value == null) {
            if (this.nullPolicy == NullPolicy.SKIP_NULLS) {
                return;
            }
            entry = new byte[] { NULL_VALUE };
        }
        else {
            try {
                byte[] encoded = this.valueCodec.encode(value);
                entry = new byte[encoded.length + 1];
                entry[0] = CODEC_VALUE;
                System.arraycopy(encoded, 0, entry, 1, encoded.length);
            }
            catch (RuntimeException ex) {
                skip(keyBytes, this.unencodableLogged, "a value of type " + value.getClass().getName()
                        + " cannot be encoded and is not cached: " + ex.getMessage());
                return;
            }
        }
        int limit = this.orbitCache.maxValueLength(keyBytes.length);
        if (entry.length > limit) {
            skip(keyBytes, this.oversizeLogged, "a value of " + entry.length + " bytes (key " + keyBytes.length
                    + " bytes) exceeds the slot's " + limit + " bytes and is not cached; raise "
                    + "orbit.cache.caches." + this.name + ".max-value-size or orbit.cache.max-value-size");
            return;
        }
        try {
            if (write("put", () -> this.orbitCache.put(keyBytes, entry, this.timeToLive))) {
                this.puts.increment();
            }
        }
        catch (IllegalArgumentException ex) {
            skip(keyBytes, this.oversizeLogged, "a value was refused by the cache and is not cached: "
                    + ex.getMessage());
        }
    }

    private void skip(byte[] keyBytes, AtomicBoolean logged, String message) {
        this.skipped.increment();
        this.meters.get().cacheOversize(this.name);
        if (logged.compareAndSet(false, true)) {
            logger.warn("Cache '" + this.name + "': " + message + " (logged once per cache, counted as "
                    + "orbit.cache.oversize)");
        }
        write("evict", () -> this.orbitCache.delete(keyBytes));
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

    private String keyText(Object key) {
        if (key == null) {
            throw new IllegalArgumentException("cache key must not be null: cache=" + this.name);
        }
        return this.keyCodec.encode(key);
    }

    private byte[] keyBytes(Object key) {
        return keyBytes(keyText(key));
    }

    private byte[] keyBytes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_PLAIN_KEY_LENGTH && bytes.length <= this.orbitCache.maxKeyLength()) {
            return bytes;
        }
        return ("#sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(bytes)))
            .getBytes(StandardCharsets.US_ASCII);
    }

    private static Subject[] syncSubjects(String name, int stripes) {
        if (stripes < 1 || Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("sync stripes must be a power of two: stripes=" + stripes);
        }
        String base = "cache:" + name;
        if ((base + "#" + (stripes - 1)).getBytes(StandardCharsets.UTF_8).length > Subject.MAX_LABEL_LENGTH) {
            base = "cache:#" + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(sha256(name.getBytes(StandardCharsets.UTF_8)));
        }
        Subject[] subjects = new Subject[stripes];
        for (int i = 0; i < stripes; i++) {
            subjects[i] = Subject.of(base + "#" + i);
        }
        return subjects;
    }

    /**
     * The same in every process: {@link String#hashCode()} is specified, and the mix is fixed.
     *
     * @param keyText a key's text.
     * @param stripes the number of stripes, a power of two.
     * @return the key's stripe.
     */
    static int stripe(String keyText, int stripes) {
        int h = keyText.hashCode();
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h & (stripes - 1);
    }

    /**
     * @param key a key.
     * @return the claim subject of the key's {@code sync = true} loads.
     * @throws IllegalStateException when this cache has no single flight.
     */
    Subject syncSubject(Object key) {
        if (this.syncSubjects == null) {
            throw new IllegalStateException("cache '" + this.name + "' has no cross-process single flight");
        }
        return this.syncSubjects[stripe(keyText(key), this.syncSubjects.length)];
    }

    private String owner() {
        return (this.name.length() > 50) ? this.name.substring(0, 50) : this.name;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public String toString() {
        return "OrbitSpringCache(name=" + this.name + ", timeToLive=" + this.timeToLive + ", nullPolicy="
                + this.nullPolicy + ")";
    }

    /**
     * What a cache needs for a cross-process single flight.
     *
     * @param contest   the fleet's contest.
     * @param scheduler renews the claim while the value loads.
     * @param claimTtl  the claim's time to live; renewed every third of it while loading.
     * @param timeout   longest wait for another process's load.
     * @param stripes   claim subjects per cache, a power of two; every process of a fleet should use the same.
     */
    public record SyncSupport(Contest contest, OrbitScheduler scheduler, Duration claimTtl, Duration timeout,
            int stripes) {

        /** Claim subjects per cache when none is given. */
        public static final int DEFAULT_STRIPES = 64;

        /**
         * With {@value #DEFAULT_STRIPES} stripes.
         *
         * @param contest   the fleet's contest.
         * @param scheduler renews the claim while the value loads.
         * @param claimTtl  the claim's time to live; renewed every third of it while loading.
         * @param timeout   longest wait for another process's load.
         */
        public SyncSupport(Contest contest, OrbitScheduler scheduler, Duration claimTtl, Duration timeout) {
            this(contest, scheduler, claimTtl, timeout, DEFAULT_STRIPES);
        }

    }

    /**
     * A wait for a load given up because its thread was interrupted; threads that joined that load retry unless
     * they were interrupted too.
     */
    private static final class InterruptedWait extends ValueRetrievalException {

        private static final long serialVersionUID = 1L;

        InterruptedWait(Object key, Callable<?> loader, InterruptedException cause) {
            super(key, loader, cause);
        }

    }

}
