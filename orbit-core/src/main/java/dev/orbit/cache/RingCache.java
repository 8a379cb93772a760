package dev.orbit.cache;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import org.agrona.collections.Hashing;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongLongPredicate;
import org.agrona.concurrent.EpochClock;

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
 * <b>Index.</b> A cursor opened at the oldest retained frame feeds {@code hash64(key) -> entry}, where
 * entry is the full ring counter of the newest PUT or DELETE seen for that hash, shifted left by one, with
 * the low bit set for a DELETE (a tombstone, so a get of a deleted key misses without touching the ring).
 * Commits arrive out of counter order (a stalled writer's position is delivered late by the cursor), so an
 * entry is only ever replaced by a higher counter. RESET_PREFIX frames go to a second map
 * {@code hash64(prefix) -> newest reset counter}, plus the list of distinct prefix lengths with the newest
 * reset of each length; the empty prefix is a single global reset counter. An entry at counter {@code c}
 * is shadowed by a reset newer than {@code c} of any prefix of its key, so a get does one lookup per
 * distinct prefix length that has a reset newer than the entry, never a scan of resets or of the ring.
 * <p>
 * <b>Get.</b> Catch the cursor up to the head (nothing to do when it is there: two volatile reads), look
 * the key's hash up, check resets, then read the entry's slot by counter into the calling thread's private
 * copy and require a well formed PUT with the same key bytes that has not expired on the injected clock.
 * A slot that no longer holds that counter was lapped: the get misses and the entry is dropped.
 * <p>
 * <b>Concurrency.</b> One {@link ReentrantLock} guards the cursor, the index and the reset tables. A get
 * holds it for the catch-up and its hash lookups only; the slot read, the key comparison and the caller's
 * handler run outside it. A put or delete publishes without the lock, then catches the index up only if
 * the lock is free at that moment (a writer never waits for a reader).
 * <p>
 * <b>Memory.</b> Entries whose counter fell out of the ring window are swept whenever the maps grow past
 * twice the ring capacity, so the index holds O(capacity) entries whatever the number of distinct keys.
 * <p>
 * <b>Versioned entries</b> (a near cache of a fleet-wide store, {@link dev.orbit.internal.VersionedCache}) carry
 * the store's version ("as of") in the ring frame's version field; a second map {@code hash64(key) -> as of}
 * holds it for each versioned entry, and between two versioned entries of a key the newer as-of wins (a value
 * over a tombstone of the same as-of), whatever their counters. A versioned clear raises a floor below which
 * versioned entries miss, and resets by counter like {@code clear()}.
 * <p>
 * <b>Hash collisions</b> (two keys with one 64-bit hash) make the older key miss; they never return the
 * other key's value, because a hit compares the key bytes.
 */
final class RingCache implements OrbitCache, dev.orbit.internal.VersionedCache {

    static final byte[] NO_PREFIX = new byte[0];

    private static final long MISSING = -1L;
    private static final long TOMBSTONE = 1L;
    private static final long NO_RESET = -1L;
    private static final int INITIAL_INDEX_CAPACITY = 64;
    private static final int INITIAL_RESET_LENGTHS = 4;

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
    // Guarded by lock.
    private final RingCursor cursor;
    private final Indexer indexer = new Indexer();
    private final Long2LongHashMap index =
        new Long2LongHashMap(INITIAL_INDEX_CAPACITY, Hashing.DEFAULT_LOAD_FACTOR, MISSING);
    private final Long2LongHashMap asOfs =
        new Long2LongHashMap(INITIAL_INDEX_CAPACITY, Hashing.DEFAULT_LOAD_FACTOR, MISSING);
    private final Long2LongHashMap resets =
        new Long2LongHashMap(INITIAL_INDEX_CAPACITY, Hashing.DEFAULT_LOAD_FACTOR, MISSING);
    private final LongLongPredicate staleEntry = (hash, entry) -> (entry >>> 1) < this.pruneBefore;
    private final LongLongPredicate staleReset = (hash, counter) -> counter < this.pruneBefore;
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
     * @return entries in the index (tombstones included), for tests.
     */
    int indexSize() {
        lock.lock();
        try {
            return index.size();
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
        long entry;
        lock.lock();
        try {
            catchUp();
            entry = index.get(hash);
            if (entry != MISSING && (entry & TOMBSTONE) == 0 &&
                (isReset(fullKey, fullKeyOffset, fullKeyLength, entry >>> 1) || belowAsOfFloor(hash))) {
                entry = MISSING;
            }
        }
        finally {
            lock.unlock();
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
            try {
                if (index.remove(hash, entry)) {
                    asOfs.remove(hash);
                }
            }
            finally {
                lock.unlock();
            }
        }
        (hit ? hits : misses).increment();
        return hit;
    }

    /**
     * Whether the key's entry is versioned and older than the newest versioned clear. Lock held.
     */
    private boolean belowAsOfFloor(final long hash) {
        if (asOfFloor == 0) {
            return false;
        }
        final long asOf = asOfs.get(hash);
        return asOf != MISSING && asOf < asOfFloor;
    }

    /**
     * Whether a reset newer than {@code counter} covers a prefix of the key. Lock held.
     */
    private boolean isReset(final ByteBuffer key, final int offset, final int length, final long counter) {
        if (globalReset > counter) {
            return true;
        }
        for (int i = 0, count = resetLengthCount; i < count; i++) {
            final int prefixLength = resetLengths[i];
            if (prefixLength <= length && resetLengthNewest[i] > counter &&
                resets.get(hasher.hash(key, offset, prefixLength)) > counter) {
                return true;
            }
        }
        return false;
    }

    /**
     * Feeds every frame up to the head into the index. Lock held.
     */
    private void catchUp() {
        final RingCursor cursor = this.cursor;
        if (cursor.position() < ring.head() || cursor.pendingCount() > 0) {
            cursor.poll(indexer, Integer.MAX_VALUE);
            if ((long)index.size() + resets.size() > pruneThreshold) {
                prune();
            }
        }
    }

    /**
     * Drops entries and resets older than the ring window: their slots were lapped, so a get could not hit
     * them anyway, and a reset that old shadows only entries that old. Lock held.
     */
    private void prune() {
        pruneBefore = ring.head() - ring.capacity();
        index.entrySet().removeIfLong(staleEntry);
        resets.entrySet().removeIfLong(staleReset);
        asOfs.entrySet().removeIfLong((hash, asOf) -> index.get(hash) == MISSING);
        int kept = 0;
        for (int i = 0; i < resetLengthCount; i++) {
            if (resetLengthNewest[i] >= pruneBefore) {
                resetLengths[kept] = resetLengths[i];
                resetLengthNewest[kept] = resetLengthNewest[i];
                kept++;
            }
        }
        resetLengthCount = kept;
        pruneThreshold = Math.max(minPruneThreshold, 2L * ((long)index.size() + resets.size()));
    }

    private void indexEntry(final long hash, final long entry, final long asOf) {
        final long current = index.get(hash);
        final long currentAsOf = current == MISSING ? MISSING : asOfs.get(hash);
        final boolean newer;
        if (current == MISSING) {
            newer = true;
        }
        else if (asOf > 0 && currentAsOf != MISSING) {
            // Both versioned: the newer as-of wins; on a tie a value beats a tombstone, then the higher counter.
            final int byAsOf = Long.compare(asOf, currentAsOf);
            final int byKind = Long.compare(~entry & TOMBSTONE, ~current & TOMBSTONE);
            newer = byAsOf > 0 || (byAsOf == 0 && (byKind > 0 || (byKind == 0 && (current >>> 1) < (entry >>> 1))));
        }
        else {
            newer = (current >>> 1) < (entry >>> 1);
        }
        if (newer) {
            index.put(hash, entry);
            if (asOf > 0) {
                asOfs.put(hash, asOf);
            }
            else {
                asOfs.remove(hash);
            }
        }
    }

    private void indexReset(final ByteBuffer buffer, final int prefixOffset, final int prefixLength, final long counter) {
        if (prefixLength == 0) {
            globalReset = Math.max(globalReset, counter);
            return;
        }
        final long hash = hasher.hash(buffer, prefixOffset, prefixLength);
        if (resets.get(hash) < counter) {
            resets.put(hash, counter);
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
                    indexEntry(hasher.hash(buffer, keyOffset, keyLength), counter << 1, 0);
                    break;
                case CacheFrameDescriptor.DELETE:
                    indexEntry(hasher.hash(buffer, keyOffset, keyLength), (counter << 1) | TOMBSTONE, 0);
                    break;
                case CacheFrameDescriptor.VERSIONED_PUT:
                    indexEntry(hasher.hash(buffer, keyOffset, keyLength), counter << 1, version);
                    break;
                case CacheFrameDescriptor.VERSIONED_DELETE:
                    indexEntry(hasher.hash(buffer, keyOffset, keyLength), (counter << 1) | TOMBSTONE, version);
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
