package dev.orbit.internal.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import org.agrona.collections.Hashing;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongObjPredicate;
import org.agrona.concurrent.EpochClock;

import dev.orbit.cache.CacheFrameDescriptor;
import dev.orbit.cache.CacheStats;
import dev.orbit.cache.OrbitCache;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Loss;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.StartPosition;

/**
 * An {@link OrbitCache} over one ring (frames per {@link CacheFrameDescriptor}), answered from an index
 * that this instance keeps for its process.
 * <p>
 * <b>Index.</b> A cursor opened at the oldest retained frame feeds {@code hash64(key) -> keys}, where each key
 * of that hash is held with its own bytes and its entry: the full ring counter of the newest PUT or DELETE seen
 * for exactly those bytes, shifted left by one, with the low bit set for a DELETE (a tombstone, so a get of a
 * deleted key misses without touching the ring). Keys whose hashes collide are kept apart (a short list per
 * hash, told apart by their bytes), so each of them hits. Commits arrive out of counter order (a stalled
 * writer's position is delivered late by the cursor), so an entry is only ever replaced by a higher counter.
 * RESET_PREFIX frames go to a second map of the same shape, {@code hash64(prefix) -> prefixes}, each prefix
 * with its newest reset counter, plus the list of distinct prefix lengths with the newest reset of each
 * length; the empty prefix is a single global reset counter. An entry at counter {@code c} is shadowed by a
 * reset newer than {@code c} of a prefix of its key, compared byte for byte, so a get does one lookup per
 * distinct prefix length that has a reset newer than the entry, never a scan of resets or of the ring.
 * <p>
 * <b>The hash</b> is {@link KeyHash}: a strongly universal hash under a key drawn at random per process, so
 * collisions cannot be planned; they would cost a longer list for one hash, never a miss or another key's value.
 * <p>
 * <b>Get.</b> Catch the cursor up to the head (nothing to do when it is there: two volatile reads), look
 * the key's hash up, check resets, then read the entry's slot by counter into the calling thread's private
 * copy and require a well formed PUT with the same key bytes that has not expired on the injected clock.
 * A slot that no longer holds that counter was lapped: the get misses and the entry is dropped.
 * <p>
 * <b>Concurrency.</b> One {@link ReentrantLock} serialises the changes to the cursor, the index and the reset
 * tables; every change runs inside a write section of a seqlock (a version word, odd while the index changes).
 * A get first reads the index <em>optimistically</em>, without the lock: it reads the version (even), checks
 * that the index has already read every frame up to the ring's head, looks its key up (hash, then key bytes)
 * and reads the entry, the global reset and the reset lengths, then re-reads the version after an acquire
 * fence. If the version moved, the get retries once and then takes the lock; it also takes the lock when the
 * index must catch up first, when a prefix reset newer than the entry may shadow it (the reset table is read
 * under the lock only), or when a bucket's chain is longer than a get walks without the lock. What the
 * optimistic read returns is only a counter: the slot read that follows validates the frame itself (the ring's
 * checked read) and compares the frame's key bytes with the key asked for, so neither a racing change of the
 * index nor a hash collision can hand out another key's value. The slot read, the key comparison and the
 * caller's handler run outside the lock. A put or delete publishes without the lock, then catches the index up
 * only if the lock is free at that moment (a writer never waits for a reader).
 * <p>
 * <b>Index table.</b> The index is a chained hash table of its own (one array of buckets, each record holding
 * its full hash, its key bytes and its entry), so that a reader racing a change or a resize sees either an old
 * or a new array, never two arrays of different lengths, and a bounded walk; the version check then rejects
 * whatever it read during the change.
 * <p>
 * <b>Memory.</b> Entries whose counter fell out of the ring window are swept whenever the maps grow past
 * twice the ring capacity, so the index holds O(capacity) entries whatever the number of distinct keys.
 * <p>
 * <b>Versioned entries</b> (a near cache of a fleet-wide store, {@link dev.orbit.internal.VersionedCache}) carry
 * the store's version ("as of") in the ring frame's version field, and the key's record keeps it: between two
 * versioned entries of a key the newer as-of wins (a value over a tombstone of the same as-of), whatever their
 * counters. A versioned clear raises a floor below which versioned entries miss, and resets by counter like
 * {@code clear()}.
 * <p>
 * <b>Hash collisions</b> (two keys with one 64-bit hash) keep both keys: each hits its own value, and a delete or
 * a prefix reset touches only the keys whose bytes it names.
 */
final class RingCache implements OrbitCache, dev.orbit.internal.VersionedCache {

    static final byte[] NO_PREFIX = new byte[0];

    private static final long MISSING = -1L;
    private static final long TOMBSTONE = 1L;
    private static final long STALE = Long.MIN_VALUE;
    private static final long NO_RESET = -1L;
    private static final int INITIAL_INDEX_CAPACITY = 16;
    private static final int INITIAL_RESET_LENGTHS = 4;
    private static final long NOT_CAUGHT_UP = -1L;
    /** Optimistic index reads a get tries before it takes the lock. */
    private static final int OPTIMISTIC_ATTEMPTS = 2;
    /** Records of one bucket a get walks without the lock; a longer chain is walked under the lock. */
    private static final int OPTIMISTIC_CHAIN = 16;
    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(RingCache.class, "version", long.class);
        }
        catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Ring ring;
    private final String name;
    private final EpochClock clock;
    private final KeyHasher hasher;
    private final int payloadCapacity;
    private final int maxKeyLength;
    private final long minPruneThreshold;
    private final ThreadLocal<Reader> readers;

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder deletes = new LongAdder();
    private final LongAdder lostWrites = new LongAdder();

    private final ReentrantLock lock = new ReentrantLock();
    /** The seqlock's version: odd while the index, the reset tables or {@link #indexedTo} change. */
    @SuppressWarnings("unused")
    private volatile long version;
    // Changed only under lock, inside a write section; read optimistically (validated by the version).
    private Indexed[] table = new Indexed[INITIAL_INDEX_CAPACITY];
    private long indexedTo = NOT_CAUGHT_UP;
    // Guarded by lock.
    private final RingCursor cursor;
    private final Indexer indexer = new Indexer();
    private final Long2ObjectHashMap<Keyed> resets =
        new Long2ObjectHashMap<>(INITIAL_INDEX_CAPACITY, Hashing.DEFAULT_LOAD_FACTOR);
    private final LongObjPredicate<Keyed> staleReset = (hash, prefixes) -> prefixes.prune(this.pruneBefore, 0);
    private int indexedKeys;
    private int indexedPrefixes;
    private int[] resetLengths = new int[INITIAL_RESET_LENGTHS];
    private long[] resetLengthNewest = new long[INITIAL_RESET_LENGTHS];
    private int resetLengthCount;
    private long globalReset = NO_RESET;
    private long asOfFloor;
    private long malformed;
    private long pruneThreshold;
    private long pruneBefore;

    RingCache(final Ring ring, final String name, final EpochClock clock, final KeyHasher hasher) {
        this.ring = Objects.requireNonNull(ring, "ring");
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("cache name must not be empty: kind=" + ring.kind());
        }
        this.payloadCapacity = ring.payloadCapacity();
        if (payloadCapacity < CacheFrameDescriptor.HEADER_LENGTH) {
            throw new IllegalArgumentException("ring payload capacity too small for a cache frame: payloadCapacity=" +
                payloadCapacity + ", headerLength=" + CacheFrameDescriptor.HEADER_LENGTH + ", cache=" + name);
        }
        this.maxKeyLength = Math.min(
            CacheFrameDescriptor.MAX_FIELD_LENGTH, payloadCapacity - CacheFrameDescriptor.HEADER_LENGTH);
        this.minPruneThreshold = 2L * ring.capacity();
        this.pruneThreshold = minPruneThreshold;
        this.readers = ThreadLocal.withInitial(Reader::new);
        lock.lock();
        try {
            this.cursor = ring.cursor(StartPosition.EARLIEST);
            catchUp();
            beginWrite();
            publishIndexedTo();
            endWrite();
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int maxKeyLength() {
        return maxKeyLength;
    }

    @Override
    public int maxValueLength(final int keyLength) {
        return (int)Math.min(
            CacheFrameDescriptor.MAX_FIELD_LENGTH,
            (long)payloadCapacity - CacheFrameDescriptor.HEADER_LENGTH - keyLength);
    }

    @Override
    public boolean put(final byte[] key, final byte[] value, final Duration ttl) {
        return write(CacheFrameDescriptor.PUT, NO_PREFIX, ByteBuffer.wrap(key), 0, key.length,
            ByteBuffer.wrap(value), 0, value.length, ttl);
    }

    @Override
    public boolean put(final ByteBuffer key, final ByteBuffer value, final Duration ttl) {
        return write(CacheFrameDescriptor.PUT, NO_PREFIX, key, key.position(), key.remaining(),
            value, value.position(), value.remaining(), ttl);
    }

    @Override
    public Optional<byte[]> get(final byte[] key) {
        return get(NO_PREFIX, key);
    }

    @Override
    public boolean get(final ByteBuffer key, final ValueHandler handler) {
        return lookup(NO_PREFIX, key, key.position(), key.remaining(), handler);
    }

    @Override
    public boolean delete(final byte[] key) {
        return write(CacheFrameDescriptor.DELETE, NO_PREFIX, ByteBuffer.wrap(key), 0, key.length, null, 0, 0,
            Duration.ZERO);
    }

    @Override
    public boolean resetPrefix(final byte[] prefix) {
        return write(CacheFrameDescriptor.RESET_PREFIX, NO_PREFIX, ByteBuffer.wrap(prefix), 0, prefix.length,
            null, 0, 0, Duration.ZERO);
    }

    @Override
    public boolean putAsOf(final byte[] key, final byte[] value, final Duration ttl, final long asOf) {
        return write(CacheFrameDescriptor.VERSIONED_PUT, NO_PREFIX, ByteBuffer.wrap(key), 0, key.length,
            ByteBuffer.wrap(value), 0, value.length, ttl, positive(asOf));
    }

    @Override
    public boolean deleteAsOf(final byte[] key, final long asOf) {
        return write(CacheFrameDescriptor.VERSIONED_DELETE, NO_PREFIX, ByteBuffer.wrap(key), 0, key.length, null, 0, 0,
            Duration.ZERO, positive(asOf));
    }

    @Override
    public boolean clearAsOf(final long asOf) {
        return write(CacheFrameDescriptor.VERSIONED_CLEAR, NO_PREFIX, ByteBuffer.wrap(NO_PREFIX), 0, 0, null, 0, 0,
            Duration.ZERO, positive(asOf));
    }

    private long positive(final long asOf) {
        if (asOf <= 0) {
            throw new IllegalArgumentException("version must be positive: asOf=" + asOf + ", cache=" + name);
        }
        return asOf;
    }

    @Override
    public OrbitCache view(final byte[] prefix) {
        return new CacheView(this, checkViewPrefix(NO_PREFIX, prefix));
    }

    @Override
    public CacheStats stats() {
        final Loss loss;
        final long malformed;
        lock.lock();
        try {
            loss = cursor.loss();
            malformed = this.malformed;
        }
        finally {
            lock.unlock();
        }
        return new CacheStats(hits.sum(), misses.sum(), puts.sum(), deletes.sum(), lostWrites.sum(),
            loss.unavailable() + malformed, loss.overwritten());
    }

    /**
     * @return the ring under the cache.
     */
    Ring ring() {
        return ring;
    }

    /**
     * @return keys in the index (tombstones included), for tests.
     */
    int indexSize() {
        lock.lock();
        try {
            int keys = 0;
            for (final Indexed head : table) {
                for (Indexed keyed = head; keyed != null; keyed = keyed.next) {
                    keys++;
                }
            }
            return keys;
        }
        finally {
            lock.unlock();
        }
    }

    byte[] checkViewPrefix(final byte[] parent, final byte[] prefix) {
        final int length = parent.length + prefix.length;
        if (length > maxKeyLength) {
            throw new IllegalArgumentException("view prefix too large: prefixLength=" + length + ", maxKeyLength=" +
                maxKeyLength + ", cache=" + name);
        }
        final byte[] joined = new byte[length];
        System.arraycopy(parent, 0, joined, 0, parent.length);
        System.arraycopy(prefix, 0, joined, parent.length, prefix.length);
        return joined;
    }

    Optional<byte[]> get(final byte[] prefix, final byte[] key) {
        final byte[][] value = new byte[1][];
        final boolean hit = lookup(prefix, ByteBuffer.wrap(key), 0, key.length, (buffer, offset, length) -> {
            final byte[] copy = new byte[length];
            buffer.get(offset, copy, 0, length);
            value[0] = copy;
        });
        return hit ? Optional.of(value[0]) : Optional.empty();
    }

    /**
     * Publishes one frame: the key is {@code prefix} followed by the key range.
     *
     * @return true when the frame committed.
     */
    boolean write(
        final int op,
        final byte[] prefix,
        final ByteBuffer key,
        final int keyOffset,
        final int keyLength,
        final ByteBuffer value,
        final int valueOffset,
        final int valueLength,
        final Duration ttl) {
        return write(op, prefix, key, keyOffset, keyLength, value, valueOffset, valueLength, ttl, 0);
    }

    /**
     * Publishes one frame; the ring frame's version is {@code asOf} for a versioned op, else the expiry.
     */
    private boolean write(
        final int op,
        final byte[] prefix,
        final ByteBuffer key,
        final int keyOffset,
        final int keyLength,
        final ByteBuffer value,
        final int valueOffset,
        final int valueLength,
        final Duration ttl,
        final long asOf) {
        final int fullKeyLength = prefix.length + keyLength;
        if (fullKeyLength > maxKeyLength || valueLength > maxValueLength(fullKeyLength)) {
            throw tooLarge(op, prefix.length, fullKeyLength, valueLength);
        }
        final long expiresAt = expiresAt(ttl);

        final ByteBuffer frame = readers.get().frame(payloadCapacity);
        CacheFrameDescriptor.writeHeader(frame, 0, op, fullKeyLength, valueLength, expiresAt);
        final int keyStart = CacheFrameDescriptor.keyOffset(0);
        frame.put(keyStart, prefix, 0, prefix.length);
        frame.put(keyStart + prefix.length, key, keyOffset, keyLength);
        if (valueLength > 0) {
            frame.put(CacheFrameDescriptor.valueOffset(0, fullKeyLength), value, valueOffset, valueLength);
        }
        final long id = ring.publish(
            op, asOf > 0 ? asOf : expiresAt, frame, 0, CacheFrameDescriptor.frameLength(fullKeyLength, valueLength));
        if (id == NetId64.NULL) {
            lostWrites.increment();
            return false;
        }
        (op == CacheFrameDescriptor.PUT || op == CacheFrameDescriptor.VERSIONED_PUT ? puts : deletes).increment();

        if (lock.tryLock()) {
            try {
                catchUp();
            }
            finally {
                lock.unlock();
            }
        }
        return true;
    }

    /**
     * Looks up the key {@code prefix} followed by the key range.
     *
     * @return true on a hit, after the handler was called.
     */
    boolean lookup(
        final byte[] prefix, final ByteBuffer key, final int keyOffset, final int keyLength, final ValueHandler handler) {
        Objects.requireNonNull(handler, "handler");
        final Reader reader = readers.get();
        final ByteBuffer fullKey;
        final int fullKeyOffset;
        final int fullKeyLength = prefix.length + keyLength;
        if (fullKeyLength > maxKeyLength) {
            misses.increment();
            return false;
        }
        if (prefix.length == 0) {
            fullKey = key;
            fullKeyOffset = keyOffset;
        }
        else {
            fullKey = reader.joinKey(prefix, key, keyOffset, keyLength);
            fullKeyOffset = 0;
        }

        final long hash = hasher.hash(fullKey, fullKeyOffset, fullKeyLength);
        long entry = MISSING;
        Indexed keyed = null;
        boolean locked = true;
        optimistic:
        for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
            final long stamp = (long)VERSION.getAcquire(this);
            if ((stamp & 1) != 0 || ring.head() > indexedTo) {
                break;
            }
            final Indexed[] table = this.table;
            Indexed found = null;
            int steps = 0;
            for (Indexed record = table[bucket(hash, table.length)]; record != null; record = record.next) {
                if (record.hash == hash && KeyHash.equal(record.bytes, fullKey, fullKeyOffset, fullKeyLength)) {
                    found = record;
                    break;
                }
                if (++steps == OPTIMISTIC_CHAIN) {
                    break optimistic;
                }
            }
            long read = MISSING;
            if (found != null) {
                read = found.entry;
                if ((read & TOMBSTONE) == 0) {
                    final long counter = read >>> 1;
                    if (globalReset > counter || (found.asOf != 0 && found.asOf < asOfFloor)) {
                        read = MISSING;
                    }
                    else if (mayBeReset(fullKeyLength, counter)) {
                        break;
                    }
                }
            }
            VarHandle.acquireFence();
            if ((long)VERSION.getOpaque(this) == stamp) {
                entry = read;
                keyed = found;
                locked = false;
                break;
            }
        }
        if (locked) {
            lock.lock();
            try {
                catchUp();
                keyed = find(hash, fullKey, fullKeyOffset, fullKeyLength);
                if (keyed != null) {
                    entry = keyed.entry;
                    if ((entry & TOMBSTONE) == 0 && (isReset(fullKey, fullKeyOffset, fullKeyLength, entry >>> 1) ||
                        (keyed.asOf != 0 && keyed.asOf < asOfFloor))) {
                        entry = MISSING;
                    }
                }
            }
            finally {
                lock.unlock();
            }
        }
        if (entry == MISSING || (entry & TOMBSTONE) != 0) {
            misses.increment();
            return false;
        }

        reader.prepare(fullKey, fullKeyOffset, fullKeyLength, handler);
        final boolean read;
        final boolean hit;
        try {
            read = ring.readAt(entry >>> 1, reader);
            hit = read && reader.hit;
        }
        finally {
            reader.release();
        }
        if (!read) {
            lock.lock();
            beginWrite();
            try {
                if (keyed.entry == entry) {
                    remove(keyed);
                }
            }
            finally {
                endWrite();
                lock.unlock();
            }
        }
        (hit ? hits : misses).increment();
        return hit;
    }

    /**
     * The key's record: same hash and same bytes. Lock held.
     */
    private Indexed find(final long hash, final ByteBuffer key, final int offset, final int length) {
        for (Indexed record = table[bucket(hash, table.length)]; record != null; record = record.next) {
            if (record.hash == hash && KeyHash.equal(record.bytes, key, offset, length)) {
                return record;
            }
        }
        return null;
    }

    private static int bucket(final long hash, final int length) {
        return (int)(hash ^ (hash >>> 32)) & (length - 1);
    }

    /**
     * Unlinks one key's record. Lock held, inside a write section.
     */
    private void remove(final Indexed keyed) {
        final Indexed[] table = this.table;
        final int bucket = bucket(keyed.hash, table.length);
        if (table[bucket] == keyed) {
            table[bucket] = keyed.next;
            indexedKeys--;
            return;
        }
        for (Indexed previous = table[bucket]; previous != null && previous.next != null; previous = previous.next) {
            if (previous.next == keyed) {
                previous.next = keyed.next;
                indexedKeys--;
                return;
            }
        }
    }

    /**
     * Whether a prefix reset newer than {@code counter} of a length up to the key's may shadow it: the
     * optimistic read does not look into the reset table, so then the get takes the lock. Read optimistically.
     */
    private boolean mayBeReset(final int keyLength, final long counter) {
        final int[] lengths = resetLengths;
        final long[] newest = resetLengthNewest;
        final int count = Math.min(resetLengthCount, Math.min(lengths.length, newest.length));
        for (int i = 0; i < count; i++) {
            if (lengths[i] <= keyLength && newest[i] > counter) {
                return true;
            }
        }
        return false;
    }

    private void beginWrite() {
        VERSION.setOpaque(this, (long)VERSION.getOpaque(this) + 1);
        VarHandle.storeStoreFence();
    }

    private void endWrite() {
        VERSION.setRelease(this, (long)VERSION.getOpaque(this) + 1);
    }

    /**
     * What the index has read: every position below {@code indexedTo}, or nothing known while the cursor parks
     * pending positions. Lock held, inside a write section.
     */
    private void publishIndexedTo() {
        indexedTo = cursor.pendingCount() == 0 ? cursor.position() : NOT_CAUGHT_UP;
    }

    /**
     * Whether a reset newer than {@code counter} covers a prefix of the key, prefix bytes compared. Lock held.
     */
    private boolean isReset(final ByteBuffer key, final int offset, final int length, final long counter) {
        if (globalReset > counter) {
            return true;
        }
        for (int i = 0, count = resetLengthCount; i < count; i++) {
            final int prefixLength = resetLengths[i];
            if (prefixLength <= length && resetLengthNewest[i] > counter) {
                for (Keyed prefix = resets.get(hasher.hash(key, offset, prefixLength)); prefix != null;
                    prefix = prefix.next) {
                    if (prefix.entry > counter && KeyHash.equal(prefix.bytes, key, offset, prefixLength)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Feeds every frame up to the head into the index, in a write section. Lock held.
     */
    private void catchUp() {
        final RingCursor cursor = this.cursor;
        if (cursor.position() < ring.head() || cursor.pendingCount() > 0) {
            beginWrite();
            try {
                cursor.poll(indexer, Integer.MAX_VALUE);
                if ((long)indexedKeys + indexedPrefixes > pruneThreshold) {
                    prune();
                }
                publishIndexedTo();
            }
            finally {
                endWrite();
            }
        }
    }

    /**
     * Drops entries and resets older than the ring window: their slots were lapped, so a get could not hit
     * them anyway, and a reset that old shadows only entries that old. Lock held.
     */
    private void prune() {
        pruneBefore = ring.head() - ring.capacity();
        final Indexed[] table = this.table;
        int keys = 0;
        for (int i = 0; i < table.length; i++) {
            Indexed previous = null;
            for (Indexed keyed = table[i]; keyed != null; keyed = keyed.next) {
                if ((keyed.entry >>> 1) < pruneBefore) {
                    if (previous == null) {
                        table[i] = keyed.next;
                    }
                    else {
                        previous.next = keyed.next;
                    }
                }
                else {
                    previous = keyed;
                    keys++;
                }
            }
        }
        resets.entrySet().removeIfLong(staleReset);
        indexedKeys = keys;
        indexedPrefixes = count(resets);
        int kept = 0;
        for (int i = 0; i < resetLengthCount; i++) {
            if (resetLengthNewest[i] >= pruneBefore) {
                resetLengths[kept] = resetLengths[i];
                resetLengthNewest[kept] = resetLengthNewest[i];
                kept++;
            }
        }
        resetLengthCount = kept;
        pruneThreshold = Math.max(minPruneThreshold, 2L * ((long)indexedKeys + indexedPrefixes));
    }

    private static int count(final Long2ObjectHashMap<Keyed> map) {
        int count = 0;
        for (final Keyed head : map.values()) {
            for (Keyed keyed = head; keyed != null; keyed = keyed.next) {
                count++;
            }
        }
        return count;
    }

    /**
     * Records an entry for the key bytes in the frame, unless that key already has a higher counter. Lock held.
     */
    private void indexEntry(
        final ByteBuffer buffer, final int keyOffset, final int keyLength, final long entry, final long asOf) {
        final long hash = hasher.hash(buffer, keyOffset, keyLength);
        Indexed[] table = this.table;
        for (Indexed keyed = table[bucket(hash, table.length)]; keyed != null; keyed = keyed.next) {
            if (keyed.hash == hash && KeyHash.equal(keyed.bytes, buffer, keyOffset, keyLength)) {
                if (newer(entry, asOf, keyed.entry, keyed.asOf)) {
                    keyed.entry = entry;
                    keyed.asOf = asOf;
                }
                return;
            }
        }
        if (indexedKeys >= table.length - (table.length >>> 2)) {
            table = resize(table);
        }
        final int bucket = bucket(hash, table.length);
        table[bucket] = new Indexed(hash, copy(buffer, keyOffset, keyLength), entry, asOf, table[bucket]);
        indexedKeys++;
    }

    /**
     * Doubles the bucket array, moving the records into a new array that is published once filled. Lock held,
     * inside a write section: a reader still walking the old array may follow a moved record's link into the
     * new one, which the version check rejects.
     */
    private Indexed[] resize(final Indexed[] old) {
        final Indexed[] grown = new Indexed[old.length * 2];
        for (Indexed head : old) {
            while (head != null) {
                final Indexed next = head.next;
                final int bucket = bucket(head.hash, grown.length);
                head.next = grown[bucket];
                grown[bucket] = head;
                head = next;
            }
        }
        this.table = grown;
        return grown;
    }

    /**
     * Between two versioned entries of one key the newer as-of wins, on a tie a value over a tombstone, then the
     * higher counter; otherwise the higher counter wins.
     */
    private static boolean newer(final long entry, final long asOf, final long current, final long currentAsOf) {
        if (asOf > 0 && currentAsOf > 0) {
            final int byAsOf = Long.compare(asOf, currentAsOf);
            final int byKind = Long.compare(~entry & TOMBSTONE, ~current & TOMBSTONE);
            return byAsOf > 0 || (byAsOf == 0 && (byKind > 0 || (byKind == 0 && (current >>> 1) < (entry >>> 1))));
        }
        return (current >>> 1) < (entry >>> 1);
    }

    private static byte[] copy(final ByteBuffer buffer, final int offset, final int length) {
        final byte[] bytes = new byte[length];
        buffer.get(offset, bytes, 0, length);
        return bytes;
    }

    private void indexReset(final ByteBuffer buffer, final int prefixOffset, final int prefixLength, final long counter) {
        if (prefixLength == 0) {
            globalReset = Math.max(globalReset, counter);
            return;
        }
        final long hash = hasher.hash(buffer, prefixOffset, prefixLength);
        final Keyed head = resets.get(hash);
        Keyed prefix = head;
        while (prefix != null && !KeyHash.equal(prefix.bytes, buffer, prefixOffset, prefixLength)) {
            prefix = prefix.next;
        }
        if (prefix == null) {
            resets.put(hash, new Keyed(copy(buffer, prefixOffset, prefixLength), counter, head));
            indexedPrefixes++;
        }
        else if (prefix.entry < counter) {
            prefix.entry = counter;
        }
        for (int i = 0; i < resetLengthCount; i++) {
            if (resetLengths[i] == prefixLength) {
                resetLengthNewest[i] = Math.max(resetLengthNewest[i], counter);
                return;
            }
        }
        if (resetLengthCount == resetLengths.length) {
            resetLengths = Arrays.copyOf(resetLengths, resetLengthCount * 2);
            resetLengthNewest = Arrays.copyOf(resetLengthNewest, resetLengthCount * 2);
        }
        resetLengths[resetLengthCount] = prefixLength;
        resetLengthNewest[resetLengthCount] = counter;
        resetLengthCount++;
    }

    private long expiresAt(final Duration ttl) {
        if (ttl.isZero()) {
            return 0;
        }
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: ttl=" + ttl + ", cache=" + name);
        }
        final long seconds = ttl.getSeconds();
        final long millis = seconds >= Long.MAX_VALUE / 1000 - 1 ? Long.MAX_VALUE :
            seconds * 1000 + (ttl.getNano() + 999_999) / 1_000_000;
        final long now = clock.time();
        return now > Long.MAX_VALUE - millis ? Long.MAX_VALUE : now + millis;
    }

    private IllegalArgumentException tooLarge(
        final int op, final int viewPrefixLength, final int keyLength, final int valueLength) {
        final String view = viewPrefixLength > 0 ? ", viewPrefixLength=" + viewPrefixLength : "";
        if (op == CacheFrameDescriptor.RESET_PREFIX) {
            return new IllegalArgumentException("prefix too large for cache: prefixLength=" + keyLength +
                ", maxKeyLength=" + maxKeyLength + view + ", cache=" + name);
        }
        return new IllegalArgumentException("key or value too large for cache: keyLength=" + keyLength +
            ", valueLength=" + valueLength + ", maxKeyLength=" + maxKeyLength + ", maxValueLength=" +
            Math.max(0, maxValueLength(Math.min(keyLength, maxKeyLength))) + ", payloadCapacity=" + payloadCapacity +
            ", headerLength=" + CacheFrameDescriptor.HEADER_LENGTH + view + ", cache=" + name);
    }

    @Override
    public String toString() {
        return "RingCache(name=" + name + ", kind=" + ring.kind() + ", " + ring.spec() + ")";
    }

    /**
     * Feeds delivered frames into the index. Runs under the lock, inside the cursor's poll.
     */
    private final class Indexer implements FrameHandler {

        @Override
        public void onFrame(
            final long id, final int frameKind, final long version, final ByteBuffer buffer, final int offset,
            final int length) {
            if (!CacheFrameDescriptor.isWellFormed(frameKind, buffer, offset, length)) {
                malformed++;
                return;
            }
            final long counter = NetId64.fullCounter(id, ring.head());
            final int keyOffset = CacheFrameDescriptor.keyOffset(offset);
            final int keyLength = CacheFrameDescriptor.keyLength(buffer, offset);
            switch (CacheFrameDescriptor.op(buffer, offset)) {
                case CacheFrameDescriptor.PUT:
                    indexEntry(buffer, keyOffset, keyLength, counter << 1, 0);
                    break;
                case CacheFrameDescriptor.DELETE:
                    indexEntry(buffer, keyOffset, keyLength, (counter << 1) | TOMBSTONE, 0);
                    break;
                case CacheFrameDescriptor.VERSIONED_PUT:
                    indexEntry(buffer, keyOffset, keyLength, counter << 1, version);
                    break;
                case CacheFrameDescriptor.VERSIONED_DELETE:
                    indexEntry(buffer, keyOffset, keyLength, (counter << 1) | TOMBSTONE, version);
                    break;
                case CacheFrameDescriptor.VERSIONED_CLEAR:
                    indexReset(buffer, keyOffset, 0, counter);
                    asOfFloor = Math.max(asOfFloor, version);
                    break;
                default:
                    indexReset(buffer, keyOffset, keyLength, counter);
                    break;
            }
        }
    }

    /**
     * One key of the index: its hash and bytes (final, so a reader that finds the record without the lock sees
     * them whole), its entry and as-of (changed in write sections only), and the next record of its bucket.
     */
    private static final class Indexed {

        private final long hash;
        private final byte[] bytes;
        private long entry;
        private long asOf;
        private Indexed next;

        Indexed(final long hash, final byte[] bytes, final long entry, final long asOf, final Indexed next) {
            this.hash = hash;
            this.bytes = bytes;
            this.entry = entry;
            this.asOf = asOf;
            this.next = next;
        }
    }

    /**
     * One reset prefix with its newest reset counter, and the next one whose bytes share its hash. The
     * first record of a hash stays the map's value for as long as any record of that hash is left: unlinking or
     * pruning it moves the second record's fields into it.
     */
    private static final class Keyed {

        private byte[] bytes;
        private long entry;
        private Keyed next;

        Keyed(final byte[] bytes, final long entry, final Keyed next) {
            this.bytes = bytes;
            this.entry = entry;
            this.next = next;
        }

        /**
         * Drops the records whose counter ({@code entry >>> shift}) is below {@code before}.
         *
         * @return true when none is left.
         */
        boolean prune(final long before, final int shift) {
            Keyed previous = this;
            for (Keyed keyed = next; keyed != null; keyed = keyed.next) {
                if ((keyed.entry >>> shift) < before) {
                    previous.next = keyed.next;
                }
                else {
                    previous = keyed;
                }
            }
            return (entry >>> shift) < before && pullNext();
        }

        /**
         * Drops this record by taking over the next one's fields.
         *
         * @return true when there was no next record: the list is empty.
         */
        boolean pullNext() {
            final Keyed second = next;
            if (second == null) {
                entry = STALE;
                return true;
            }
            bytes = second.bytes;
            entry = second.entry;
            next = second.next;
            return false;
        }
    }

    /**
     * A thread's reusable state: the frame it encodes puts into, the joined key of a view, and the check
     * of the frame a get reads.
     */
    private final class Reader implements FrameHandler {

        private ByteBuffer frame;
        private ByteBuffer joinedKey;
        private ByteBuffer key;
        private int keyOffset;
        private int keyLength;
        private ValueHandler handler;
        private boolean hit;

        ByteBuffer frame(final int capacity) {
            ByteBuffer frame = this.frame;
            if (frame == null) {
                frame = ByteBuffer.allocate(capacity);
                this.frame = frame;
            }
            return frame;
        }

        ByteBuffer joinKey(final byte[] prefix, final ByteBuffer key, final int offset, final int length) {
            final int joinedLength = prefix.length + length;
            ByteBuffer joined = joinedKey;
            if (joined == null || joined.capacity() < joinedLength) {
                joined = ByteBuffer.allocate(Math.max(joinedLength, 2 * (joined == null ? 32 : joined.capacity())));
                joinedKey = joined;
            }
            joined.put(0, prefix, 0, prefix.length);
            joined.put(prefix.length, key, offset, length);
            return joined;
        }

        void prepare(final ByteBuffer key, final int keyOffset, final int keyLength, final ValueHandler handler) {
            this.key = key;
            this.keyOffset = keyOffset;
            this.keyLength = keyLength;
            this.handler = handler;
            this.hit = false;
        }

        void release() {
            key = null;
            handler = null;
        }

        @Override
        public void onFrame(
            final long id, final int frameKind, final long version, final ByteBuffer buffer, final int offset,
            final int length) {
            hit = false;
            if (!CacheFrameDescriptor.isWellFormed(frameKind, buffer, offset, length) ||
                (frameKind != CacheFrameDescriptor.PUT && frameKind != CacheFrameDescriptor.VERSIONED_PUT)) {
                return;
            }
            final int frameKeyLength = CacheFrameDescriptor.keyLength(buffer, offset);
            if (frameKeyLength != keyLength ||
                !KeyHash.equal(buffer, CacheFrameDescriptor.keyOffset(offset), key, keyOffset, keyLength)) {
                return;
            }
            final long expiresAt = CacheFrameDescriptor.expiresAt(buffer, offset);
            if (expiresAt != 0 && expiresAt <= clock.time()) {
                return;
            }
            handler.onValue(
                buffer, CacheFrameDescriptor.valueOffset(offset, frameKeyLength),
                CacheFrameDescriptor.valueLength(buffer, offset));
            hit = true;
        }
    }
}
