package dev.orbit.spring.cache;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingSpec;
import dev.orbit.spring.cache.CacheEntryCodec.Key;
import dev.orbit.spring.cache.CacheSingleFlight.Loaded;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.scheduling.OrbitScheduler;

import org.springframework.cache.Cache;
import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link Cache} over an {@link OrbitCache}: every sibling process of the fleet sees its puts, evictions
 * and clears. Each method follows {@link Cache}'s contract:
 * <ul>
 * <li><b>Values are copies.</b> A value is encoded when it is put and decoded on every read, so changing a value
 * after putting it, or changing a value read back, never changes the entry. Only the thread whose loader computed
 * a value receives that very object.</li>
 * <li><b>Nulls.</b> With {@link NullPolicy#CACHE_NULLS} ({@link #isAllowNullValues()} true) a {@code null}, or
 * Spring's {@link NullValue}, is stored and read back as {@code null} in a wrapper. With
 * {@link NullPolicy#SKIP_NULLS} nothing is stored for it and a {@code put(key, null)} evicts the key, so that no
 * older value is served (a {@code @CachePut} method that returned {@code null}). With
 * {@link NullPolicy#REJECT_NULLS} a {@code put} of {@code null}, or a loader returning it, throws an
 * {@link IllegalArgumentException}, as Spring's caches that do not allow nulls do.</li>
 * <li><b>{@link #putIfAbsent}</b> is atomic across the fleet: when the key is absent, the check and the put run
 * while this process holds the key's stripe (see the single flight below), so of several threads of several
 * processes racing on one key exactly one stores its value and every other receives that value. It excludes other
 * {@code putIfAbsent} calls and {@code sync = true} loads of the key; a plain {@link #put} is not excluded (the
 * newer write wins).</li>
 * <li><b>{@link #evictIfPresent}</b> returns whether the key had an entry; <b>{@link #invalidate()}</b> whether
 * the cache had any live entry (known when the cache was built over a {@link Fleet}; otherwise {@code false}, as
 * the contract allows). Both remove immediately: a later read in any process misses.</li>
 * <li><b>{@link #get(Object, Callable)}</b> wraps whatever the loader throws in a {@link ValueRetrievalException};
 * <b>{@link #retrieve(Object, Supplier)}</b> completes its future with the loader's own exception, and never
 * blocks the caller.</li>
 * </ul>
 * Keys become bytes through an {@link OrbitKeyCodec} (forms longer than {@value #MAX_PLAIN_KEY_LENGTH} UTF-8 bytes
 * are stored as their SHA-256 digest); values through an {@link OrbitValueCodec}, behind a one-byte marker.
 * <p>
 * <b>Nothing here fails a business call because of the cache.</b> A value too large for a slot, or one the codec
 * cannot encode, is not cached: it is logged once per cache at WARN and counted ({@code cache.orbit.skipped}),
 * and the key is evicted so that no older value is served. An entry that cannot be decoded is a miss. An entry
 * also leaves when the cache's ring laps it (a miss). A write whose frame is lost is retried
 * {@value #WRITE_ATTEMPTS} times in all; one still not applied, or refused (a closed fleet), is logged once per
 * cache at WARN and counted ({@code orbit.cache.writes.lost}): older values may then be served until they expire
 * or are lapped.
 * <p>
 * <b>Single flight.</b> {@code get(key, loader)} ({@code @Cacheable(sync = true)}), {@code retrieve(key, loader)}
 * and {@code putIfAbsent} run one at a time per key stripe across the fleet: threads of this process share one
 * load per key, and across processes a load runs where the claim {@code cache:<name>#<stripe>} is won, the stripe
 * a stable hash of the key modulo {@code orbit.cache.sync-stripes} (so a cache uses a fixed number of the fleet's
 * claim slots, and keys of one stripe load one after the other). The others wait until the value appears, or
 * until the claim is released (the holder loaded another key of the stripe, its loader failed, its value was not
 * cacheable, or its process died) and one of them claims in turn. After {@code orbit.cache.sync-timeout} a waiter
 * goes on without the claim. An interrupted {@code sync} waiter stops waiting: its call throws a
 * {@link ValueRetrievalException} caused by an {@link InterruptedException}, with the interrupt flag kept. If the
 * contest fails (a full claims table, a closed fleet), the load runs here without the single flight and a
 * {@code putIfAbsent} is atomic within this process only: logged once per cache at WARN and counted
 * ({@code orbit.cache.sync.fallback}). Without a contest ({@code sync == null}) both are exclusive within this
 * process only.
 */
public class OrbitSpringCache extends AbstractValueAdaptingCache {

    /** Keys with a longer UTF-8 form are stored as their digest. */
    public static final int MAX_PLAIN_KEY_LENGTH = CacheEntryCodec.MAX_PLAIN_KEY_LENGTH;

    /** Attempts of a write whose frame is lost, before it is counted as not applied. */
    static final int WRITE_ATTEMPTS = CacheWriter.WRITE_ATTEMPTS;

    /** What {@link #findValue} returns for a miss. */
    private static final Object MISS = new Object();

    /** One per thread, shared by every cache. */
    private static final ThreadLocal<HitReader> HIT_READERS = ThreadLocal.withInitial(HitReader::new);

    private final String name;

    private final OrbitCache orbitCache;

    private final Duration timeToLive;

    private final NullPolicy nullPolicy;

    private final CacheEntryCodec codec;

    private final CacheWriter writer;

    private final CacheSingleFlight singleFlight;

    private final CachePresence presence;

    private final LongAdder hits = new LongAdder();

    private final LongAdder misses = new LongAdder();

    /**
     * A cache over the fleet's cache of the same name: opens it with {@code spec}, and reads its ring to answer
     * {@link #invalidate()}.
     *
     * @param name       the cache name.
     * @param fleet      the fleet.
     * @param spec       the ring spec of the fleet's cache.
     * @param keyCodec   the key codec.
     * @param valueCodec the value codec.
     * @param timeToLive entries' time to live, {@link Duration#ZERO} for none.
     * @param nullPolicy what to do with {@code null} values.
     * @param sync       cross-process single flight settings; {@code null} makes loads and {@code putIfAbsent}
     *                   exclusive within this process only.
     * @param meters     where skipped values, lost writes and fallbacks are counted.
     */
    public OrbitSpringCache(String name, Fleet fleet, RingSpec spec, OrbitKeyCodec keyCodec,
            OrbitValueCodec valueCodec, Duration timeToLive, NullPolicy nullPolicy, SyncSupport sync,
            Supplier<OrbitMeters> meters) {
        this(name, fleet.cache(name, spec), presence(fleet, name), keyCodec, valueCodec, timeToLive, nullPolicy,
                sync, meters);
    }

    /**
     * A cache over any {@link OrbitCache}; {@link #invalidate()} then cannot tell whether entries existed and
     * returns {@code false}.
     *
     * @param name       the cache name.
     * @param orbitCache the Orbit cache.
     * @param keyCodec   the key codec.
     * @param valueCodec the value codec.
     * @param timeToLive entries' time to live, {@link Duration#ZERO} for none.
     * @param nullPolicy what to do with {@code null} values.
     * @param sync       cross-process single flight settings; {@code null} makes loads and {@code putIfAbsent}
     *                   exclusive within this process only.
     * @param meters     where skipped values, lost writes and fallbacks are counted.
     */
    public OrbitSpringCache(String name, OrbitCache orbitCache, OrbitKeyCodec keyCodec, OrbitValueCodec valueCodec,
            Duration timeToLive, NullPolicy nullPolicy, SyncSupport sync, Supplier<OrbitMeters> meters) {
        this(name, orbitCache, null, keyCodec, valueCodec, timeToLive, nullPolicy, sync, meters);
    }

    private OrbitSpringCache(String name, OrbitCache orbitCache, CachePresence presence, OrbitKeyCodec keyCodec,
            OrbitValueCodec valueCodec, Duration timeToLive, NullPolicy nullPolicy, SyncSupport sync,
            Supplier<OrbitMeters> meters) {
        super(nullPolicy == NullPolicy.CACHE_NULLS);
        this.name = name;
        this.orbitCache = orbitCache;
        this.timeToLive = timeToLive;
        this.nullPolicy = nullPolicy;
        this.codec = new CacheEntryCodec(name, keyCodec, valueCodec, orbitCache.maxKeyLength());
        this.writer = new CacheWriter(name, orbitCache, timeToLive, meters);
        this.singleFlight = new CacheSingleFlight(name, sync, meters);
        this.presence = presence;
    }

    private static CachePresence presence(Fleet fleet, String name) {
        for (Ring ring : fleet.rings()) {
            if (ring.kind() == Kinds.CACHE && ring.name().equals(name)) {
                return new CachePresence(ring, fleet.clock());
            }
        }
        return null;
    }

    @Override
    public String getName() {
        return this.name;
    }

    @Override
    public OrbitCache getNativeCache() {
        return this.orbitCache;
    }

    /**
     * Reads a key, counting a hit or a miss.
     *
     * @return the value decoded from the entry ({@link NullValue#INSTANCE} for a stored null), or {@code null}.
     */
    @Override
    protected Object lookup(Object key) {
        Object found = findValue(key);
        (found != MISS ? this.hits : this.misses).increment();
        return (found != MISS) ? found : null;
    }

    /**
     * Maps Spring's {@link NullValue} to {@code null} whatever the null policy (another process may have cached
     * it).
     */
    @Override
    protected Object fromStoreValue(Object storeValue) {
        return (storeValue instanceof NullValue) ? null : storeValue;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Callable<T> valueLoader) {
        Object hit = findValue(key);
        (hit != MISS ? this.hits : this.misses).increment();
        if (hit != MISS) {
            return (T) fromStoreValue(hit);
        }
        Key stored = this.codec.key(key);
        Loaded loaded = this.singleFlight.load(stored.text(), () -> find(stored), () -> {
            Loaded again = find(stored);
            return (again != null) ? again : loadAndStore(key, stored, valueLoader);
        }, (cause) -> new InterruptedWait(key, valueLoader, cause));
        return (T) handOut(loaded);
    }

    @Override
    public CompletableFuture<?> retrieve(Object key) {
        Object found = lookup(key);
        if (found == null) {
            return null;
        }
        return CompletableFuture.completedFuture(isAllowNullValues() ? toValueWrapper(found) : fromStoreValue(found));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
        Object hit = findValue(key);
        (hit != MISS ? this.hits : this.misses).increment();
        if (hit != MISS) {
            return CompletableFuture.completedFuture((T) fromStoreValue(hit));
        }
        Key stored = this.codec.key(key);
        CompletableFuture<T> result = new CompletableFuture<>();
        this.singleFlight.loadAsync(stored.text(), () -> find(stored), () -> {
            Loaded again = find(stored);
            return (again != null) ? CompletableFuture.completedFuture(again) : loadAndStoreAsync(stored, valueLoader);
        }).whenComplete((loaded, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            }
            else {
                try {
                    result.complete((T) handOut(loaded));
                }
                catch (RuntimeException ex) {
                    result.completeExceptionally(ex);
                }
            }
        });
        return result;
    }

    @Override
    public void put(Object key, Object value) {
        Key stored = this.codec.key(key);
        if (isNull(value) && this.nullPolicy != NullPolicy.CACHE_NULLS) {
            rejectNull();
            this.writer.evict(stored.bytes());
            return;
        }
        store(stored, value);
    }

    @Override
    public ValueWrapper putIfAbsent(Object key, Object value) {
        Key stored = this.codec.key(key);
        Loaded existing = find(stored);
        if (existing != null) {
            return new SimpleValueWrapper(existing.value());
        }
        if (isNull(value) && this.nullPolicy != NullPolicy.CACHE_NULLS) {
            rejectNull();
            return null; // nothing is stored for null, and the key is absent
        }
        byte[] entry = encode(stored, value);
        if (entry == null) {
            return null; // not cacheable: reported, and the key is absent
        }
        return this.singleFlight.exclusive(stored.text(), () -> find(stored),
                (found) -> new SimpleValueWrapper(handOut(found)), () -> {
                    Loaded again = find(stored);
                    if (again != null) {
                        return new SimpleValueWrapper(again.value());
                    }
                    this.writer.put(stored.bytes(), entry);
                    return null;
                });
    }

    @Override
    public void evict(Object key) {
        this.writer.evict(this.codec.key(key).bytes());
    }

    @Override
    public boolean evictIfPresent(Object key) {
        Key stored = this.codec.key(key);
        boolean present = this.orbitCache.get(stored.bytes()).isPresent();
        this.writer.evict(stored.bytes());
        return present;
    }

    @Override
    public void clear() {
        this.writer.clear();
    }

    @Override
    public boolean invalidate() {
        boolean present = this.presence != null && this.presence.hasEntries();
        this.writer.clear();
        return present;
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
        return this.writer.puts();
    }

    /**
     * @return evictions and clears issued by this process.
     */
    public long getEvictionCount() {
        return this.writer.evictions();
    }

    /**
     * @return values this process did not cache because they were too large or not encodable.
     */
    public long getSkippedCount() {
        return this.writer.skipped();
    }

    /**
     * @return puts, evictions and clears of this process that were not applied after their retries.
     */
    public long getLostWriteCount() {
        return this.writer.lostWrites();
    }

    /**
     * @return single-flight sections ({@code sync = true} loads, {@code putIfAbsent}) of this process that ran
     *         without the cross-process claim because the contest failed or the sync timeout passed.
     */
    public long getSyncFallbackCount() {
        return this.singleFlight.fallbacks();
    }

    /**
     * @return the time to live of the entries, {@link Duration#ZERO} for none.
     */
    public Duration getTimeToLive() {
        return this.timeToLive;
    }

    /**
     * @return what the cache does with {@code null} values.
     */
    public NullPolicy getNullPolicy() {
        return this.nullPolicy;
    }

    /**
     * @param key a key.
     * @return the claim subject of the key's single-flight sections.
     * @throws IllegalStateException when this cache has no cross-process single flight.
     */
    public Subject syncSubject(Object key) {
        return this.singleFlight.subject(this.codec.key(key).text());
    }

    /**
     * @param keyText a key's text.
     * @param stripes the number of stripes, a power of two.
     * @return the key's stripe, the same in every process.
     */
    static int stripe(String keyText, int stripes) {
        return CacheSingleFlight.stripe(keyText, stripes);
    }

    /**
     * The hit path's read: the key's bytes go into this thread's buffer (without building its text for the
     * commonest keys, see {@link CacheEntryCodec#keyBytes}), and the value is decoded where the cache copied the
     * entry, so that a hit allocates only the value.
     *
     * @return the value ({@link NullValue#INSTANCE} for a stored null), or {@link #MISS}.
     */
    private Object findValue(Object key) {
        HitReader reader = HIT_READERS.get();
        if (reader.codec != null) {
            reader = new HitReader(); // a value codec that reads a cache while it decodes
        }
        reader.codec = this.codec;
        try {
            ByteBuffer keyBytes = reader.key;
            if (!this.codec.keyBytes(key, keyBytes)) {
                keyBytes = ByteBuffer.wrap(this.codec.key(key).bytes());
            }
            if (!this.orbitCache.get(keyBytes, reader)) {
                return MISS;
            }
            RuntimeException failure = reader.failure;
            if (failure != null) {
                this.writer.undecodable(failure);
                return MISS;
            }
            return reader.value;
        }
        finally {
            reader.codec = null;
            reader.value = null;
            reader.failure = null;
        }
    }

    private Loaded find(Key stored) {
        Optional<byte[]> entry = this.orbitCache.get(stored.bytes());
        if (entry.isEmpty()) {
            return null;
        }
        try {
            Object value = this.codec.decode(entry.get());
            return new Loaded((value instanceof NullValue) ? null : value, entry.get(), false);
        }
        catch (RuntimeException ex) {
            this.writer.undecodable(ex);
            return null;
        }
    }

    private Loaded loadAndStore(Object key, Key stored, Callable<?> valueLoader) {
        Object value;
        try {
            value = valueLoader.call();
            if (isNull(value)) {
                rejectNull();
            }
        }
        catch (Exception ex) {
            throw new ValueRetrievalException(key, valueLoader, ex);
        }
        return new Loaded(value, storeLoaded(stored, value), false);
    }

    private <T> CompletableFuture<Loaded> loadAndStoreAsync(Key stored, Supplier<CompletableFuture<T>> valueLoader) {
        CompletableFuture<T> loading = valueLoader.get();
        if (loading == null) {
            throw new IllegalStateException("the value loader of cache '" + this.name + "' returned no future");
        }
        CompletableFuture<Loaded> loaded = new CompletableFuture<>();
        loading.whenComplete((value, failure) -> {
            if (failure != null) {
                loaded.completeExceptionally((failure instanceof CompletionException && failure.getCause() != null)
                        ? failure.getCause() : failure);
                return;
            }
            try {
                if (isNull(value)) {
                    rejectNull();
                }
                loaded.complete(new Loaded(value, storeLoaded(stored, value), false));
            }
            catch (RuntimeException | Error ex) {
                loaded.completeExceptionally(ex);
            }
        });
        return loaded;
    }

    /**
     * @throws IllegalArgumentException with {@link NullPolicy#REJECT_NULLS}.
     */
    private void rejectNull() {
        if (this.nullPolicy == NullPolicy.REJECT_NULLS) {
            throw new IllegalArgumentException("Cache '" + this.name + "' is configured to not allow null values "
                    + "but null was provided (orbit.cache.null-policy=REJECT_NULLS): exclude it with "
                    + "@Cacheable(unless = \"#result == null\"), or set orbit.cache.null-policy to CACHE_NULLS or "
                    + "SKIP_NULLS");
        }
    }

    /**
     * Stores a loaded value unless it is a null the policy skips.
     *
     * @return the entry stored, or {@code null}.
     */
    private byte[] storeLoaded(Key stored, Object value) {
        if (isNull(value) && this.nullPolicy != NullPolicy.CACHE_NULLS) {
            return null;
        }
        return store(stored, value);
    }

    /**
     * @return the entry stored, or {@code null} when the value was not cached.
     */
    private byte[] store(Key stored, Object value) {
        byte[] entry = encode(stored, value);
        return (entry != null && this.writer.put(stored.bytes(), entry)) ? entry : null;
    }

    /**
     * @return the entry's bytes, or {@code null} when the codec refused the value (reported, key evicted).
     */
    private byte[] encode(Key stored, Object value) {
        try {
            return this.codec.encode(value);
        }
        catch (RuntimeException ex) {
            this.writer.unencodable(stored.bytes(), value.getClass(), ex);
            return null;
        }
    }

    /**
     * @return the loaded value for the thread that loaded it, else a fresh copy decoded from its entry.
     */
    private Object handOut(Loaded loaded) {
        if (!loaded.shared() || loaded.entry() == null) {
            return loaded.value();
        }
        try {
            Object copy = this.codec.decode(loaded.entry());
            return (copy instanceof NullValue) ? null : copy;
        }
        catch (RuntimeException ex) {
            return loaded.value();
        }
    }

    private static boolean isNull(Object value) {
        return value == null || value instanceof NullValue;
    }

    @Override
    public String toString() {
        return "OrbitSpringCache(name=" + this.name + ", timeToLive=" + this.timeToLive + ", nullPolicy="
                + this.nullPolicy + ")";
    }

    /**
     * What a cache needs for a cross-process single flight ({@code sync = true} loads and {@code putIfAbsent}).
     *
     * @param contest   the fleet's contest.
     * @param scheduler renews the claim while the value loads.
     * @param claimTtl  the claim's time to live; renewed every third of it while loading.
     * @param timeout   longest wait for the holder of a key's stripe (another thread's or process's load or
     *                  {@code putIfAbsent}) before going on without it.
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
         * @param timeout   longest wait for the holder of a key's stripe.
         */
        public SyncSupport(Contest contest, OrbitScheduler scheduler, Duration claimTtl, Duration timeout) {
            this(contest, scheduler, claimTtl, timeout, DEFAULT_STRIPES);
        }

    }

    /**
     * A thread's key buffer, and the handler that decodes a hit where the cache copied its entry.
     */
    private static final class HitReader implements OrbitCache.ValueHandler {

        /** Room for the longest key stored as it is: three UTF-8 bytes per character, and a leading '#'. */
        final ByteBuffer key = ByteBuffer.allocate(3 * MAX_PLAIN_KEY_LENGTH + 1);

        /** The codec of the cache being read; {@code null} when the reader is free. */
        CacheEntryCodec codec;

        Object value;

        RuntimeException failure;

        @Override
        public void onValue(ByteBuffer buffer, int offset, int length) {
            try {
                this.value = this.codec.decode(buffer, offset, length);
            }
            catch (RuntimeException ex) {
                this.failure = ex;
            }
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
