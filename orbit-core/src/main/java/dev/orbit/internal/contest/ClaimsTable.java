package dev.orbit.internal.contest;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

import dev.orbit.contest.Holder;
import dev.orbit.contest.Subject;
import dev.orbit.internal.memory.BufferAccess;

/**
 * Access to a claims table (see {@link ClaimsDescriptor}) over a little-endian direct or mapped buffer:
 * finding and placing a subject's bucket, the atomic words, and the holder's details.
 * <p>
 * A subject lives in one bucket within its home's reach; a bucket is reused for another subject once its claim
 * is released, has expired, or its holder is gone. Placing is serialised per home ({@link #lockHome}) and done
 * inside the bucket's REKEYING lock word ({@link #place}); reading needs no lock ({@link #find}).
 */
final class ClaimsTable {

    /** Hash stored for a subject whose hash function returned 0, the empty marker. */
    static final long ZERO_HASH_SUBSTITUTE = 0x9E3779B97F4A7C15L;

    /** Re-reads of a holder's details while its winner may still be publishing them. */
    static final int DETAILS_SPIN_LIMIT = 128;

    /** Spins on a home lock held by a live node before yielding the thread. */
    private static final int HOME_LOCK_SPINS = 256;

    /** Longest park while a live node holds a home lock. */
    private static final long HOME_LOCK_MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ByteBuffer buffer;
    private final int buckets;
    private final int mask;

    ClaimsTable(final ByteBuffer table) {
        if (!table.isDirect()) {
            throw new IllegalArgumentException("claims table must be a direct or mapped buffer: buffer=" + table);
        }
        final int misalignment = table.alignmentOffset(0, Long.BYTES);
        if (misalignment != 0) {
            throw new IllegalArgumentException("claims table must be aligned to at least " + Long.BYTES +
                " bytes (" + ClaimsDescriptor.ALIGNMENT + " recommended): addressModulo8=" + misalignment);
        }
        this.buffer = table.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final int count = buffer.getInt(ClaimsDescriptor.BUCKET_COUNT_OFFSET);
        if (count == 0) {
            throw new IllegalArgumentException(
                "claims table not initialised: buckets=0 (call ClaimsDescriptor.initialise on a fresh table)");
        }
        ClaimsDescriptor.validateBuckets(count);
        final long length = ClaimsDescriptor.length(count);
        if (buffer.capacity() < length) {
            throw new IllegalArgumentException("buffer too small for claims table: capacity=" + buffer.capacity() +
                ", required=" + length + ", buckets=" + count);
        }
        final long epoch = buffer.getLong(ClaimsDescriptor.EXPIRY_EPOCH_OFFSET);
        if (epoch != LockWord.EPOCH_MS) {
            throw new IllegalArgumentException("claims table has another expiry epoch: expiryEpochMs=" + epoch +
                ", expected=" + LockWord.EPOCH_MS);
        }
        this.buckets = count;
        this.mask = count - 1;
    }

    int buckets() {
        return buckets;
    }

    /**
     * @param hash a subject hash, not 0.
     * @return the subject's home bucket.
     */
    int home(final long hash) {
        return (int)hash & mask;
    }

    /**
     * Finds the bucket that holds a subject: the one within its home's reach that carries the hash and is not
     * REKEYING (at most one is, see {@link #place}). Takes no lock; the caller re-checks the hash and the
     * generation around whatever it decides on the bucket's lock word.
     *
     * @param hash a subject hash, not 0.
     * @return the bucket's index, or -1 when the subject is not placed.
     */
    int find(final long hash) {
        final int home = home(hash);
        final int reach = reach(home);
        for (int distance = 0, index = home; distance < reach; distance++, index = (index + 1) & mask) {
            if (hash(index) == hash && !LockWord.isRekeying(lock(index))) {
                return index;
            }
        }
        return -1;
    }

    /**
     * @param index bucket index.
     * @return the bucket's subject hash, 0 when it never held one.
     */
    long hash(final int index) {
        return BufferAccess.getLongAcquire(buffer, ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.HASH_OFFSET);
    }

    /**
     * @param index bucket index.
     * @return how many times the bucket was re-keyed.
     */
    long generation(final int index) {
        return BufferAccess.getLongVolatile(buffer, ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.GENERATION_OFFSET);
    }

    /**
     * @param home a home bucket.
     * @return the distance within which every subject of that home lives (0: none was ever placed).
     */
    int reach(final int home) {
        return BufferAccess.getIntAcquire(buffer, ClaimsDescriptor.bucketOffset(home) + ClaimsDescriptor.REACH_OFFSET);
    }

    /**
     * Takes the home lock, waiting while another live node (or another thread of this one) holds it; a lock
     * held by a node that is gone is taken over.
     */
    void lockHome(final int home, final int node, final IntPredicate isGone) {
        final int offset = ClaimsDescriptor.bucketOffset(home) + ClaimsDescriptor.HOME_LOCK_OFFSET;
        final long mine = node + 1L;
        long parkNs = 1_000;
        for (int attempt = 0; ; attempt++) {
            final long current = BufferAccess.getLongVolatile(buffer, offset);
            if (current == 0 || (current != mine && isGone.test((int)(current - 1)))) {
                if (BufferAccess.compareAndSetLong(buffer, offset, current, mine)) {
                    return;
                }
                continue;
            }
            if (attempt < HOME_LOCK_SPINS) {
                Thread.onSpinWait();
            }
            else {
                LockSupport.parkNanos(this, parkNs);
                parkNs = Math.min(parkNs * 2, HOME_LOCK_MAX_PARK_NS);
            }
        }
    }

    void unlockHome(final int home, final int node) {
        BufferAccess.compareAndSetLong(buffer, ClaimsDescriptor.bucketOffset(home) + ClaimsDescriptor.HOME_LOCK_OFFSET, node + 1L, 0L);
    }

    /**
     * Whether a bucket may be taken for another subject: its lock word is free, its claim has expired, its
     * holder is gone, or it is REKEYING by a node that is gone. Never a live claim, never a live placement.
     */
    static boolean reusable(final long word, final long nowMs, final int node, final IntPredicate isGone) {
        if (LockWord.isFree(word)) {
            return true;
        }
        final int holder = LockWord.node(word);
        if (LockWord.isRekeying(word)) {
            return holder != node && isGone.test(holder);
        }
        return nowMs >= LockWord.expiresAtMs(word) || (holder != node && isGone.test(holder));
    }

    /**
     * Takes a bucket for placing a subject of {@code home}, home lock held: a bucket that still carries the hash
     * but is REKEYING by a gone node (a placement of this subject, or an eviction of it, that died half-way) if
     * any, else the first reusable bucket from the home on. The bucket is left REKEYING by {@code node}.
     *
     * @return the bucket's index, now holding {@link LockWord#rekeying(int) REKEYING} of {@code node}, or -1 when
     *     every bucket holds a live claim or a live placement.
     */
    int takeForPlacing(final long hash, final int node, final IntPredicate isGone, final long nowMs) {
        final int home = home(hash);
        final int reach = reach(home);
        for (int distance = 0, index = home; distance < reach; distance++, index = (index + 1) & mask) {
            if (hash(index) == hash) {
                final long word = lock(index);
                if (LockWord.isRekeying(word) && reusable(word, nowMs, node, isGone) &&
                    casLock(index, word, LockWord.rekeying(node))) {
                    return index;
                }
            }
        }
        for (int distance = 0, index = home; distance < buckets; distance++, index = (index + 1) & mask) {
            while (true) {
                final long word = lock(index);
                if (!reusable(word, nowMs, node, isGone)) {
                    break;
                }
                if (casLock(index, word, LockWord.rekeying(node))) {
                    return index;
                }
            }
        }
        return -1;
    }

    /**
     * Re-keys a bucket this node holds REKEYING to a subject of {@code home}: raises its generation, the home's
     * reach (before the hash, so a reader that sees the hash is within reach) and, once the hash is stored, its
     * fence high-water mark to the newest token drawn, so no token drawn before this placement passes the
     * subject's fence here. The caller then CASes the REKEYING word to a claim or to free.
     */
    void place(final int index, final long hash) {
        final int bucket = ClaimsDescriptor.bucketOffset(index);
        BufferAccess.getAndAddLong(buffer, bucket + ClaimsDescriptor.GENERATION_OFFSET, 1L);
        final int home = home(hash);
        raiseReach(home, ((index - home) & mask) + 1);
        BufferAccess.putLongVolatile(buffer, bucket + ClaimsDescriptor.HASH_OFFSET, hash);
        acceptToken(index, newestToken());
    }

    /**
     * Empties a bucket this node holds REKEYING: no subject, free. Used for placements that a process with this
     * node id left half-way before it died.
     */
    void vacate(final int index, final long rekeyingWord) {
        final int bucket = ClaimsDescriptor.bucketOffset(index);
        BufferAccess.getAndAddLong(buffer, bucket + ClaimsDescriptor.GENERATION_OFFSET, 1L);
        BufferAccess.putLongVolatile(buffer, bucket + ClaimsDescriptor.HASH_OFFSET, 0L);
        acceptToken(index, newestToken());
        casLock(index, rekeyingWord, LockWord.released(rekeyingWord));
    }

    private void raiseReach(final int home, final int reach) {
        final int offset = ClaimsDescriptor.bucketOffset(home) + ClaimsDescriptor.REACH_OFFSET;
        while (true) {
            final int current = BufferAccess.getIntVolatile(buffer, offset);
            if (current >= reach || BufferAccess.compareAndSetInt(buffer, offset, current, reach)) {
                return;
            }
        }
    }

    long lock(final int index) {
        return BufferAccess.getLongVolatile(buffer, ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.LOCK_OFFSET);
    }

    boolean casLock(final int index, final long expected, final long word) {
        return BufferAccess.compareAndSetLong(
            buffer, ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.LOCK_OFFSET, expected, word);
    }

    /**
     * @return a fence token greater than every token drawn before.
     */
    long nextToken() {
        return BufferAccess.getAndAddLong(buffer, ClaimsDescriptor.FENCE_COUNTER_OFFSET, 1L) + 1;
    }

    /**
     * @return the newest fence token drawn (0 if none).
     */
    long newestToken() {
        return BufferAccess.getLongVolatile(buffer, ClaimsDescriptor.FENCE_COUNTER_OFFSET);
    }

    long highWater(final int index) {
        return BufferAccess.getLongVolatile(
            buffer, ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.HIGH_WATER_OFFSET);
    }

    /**
     * Raises the bucket's high-water mark to {@code token} unless it is already higher.
     *
     * @return false when the mark is above {@code token}.
     */
    boolean acceptToken(final int index, final long token) {
        final int offset = ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.HIGH_WATER_OFFSET;
        while (true) {
            final long current = BufferAccess.getLongVolatile(buffer, offset);
            if (token < current) {
                return false;
            }
            if (token == current || BufferAccess.compareAndSetLong(buffer, offset, current, token)) {
                return true;
            }
        }
    }

    long details(final int index) {
        return BufferAccess.getLongVolatile(buffer, ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.DETAILS_OFFSET);
    }

    /**
     * Stores the details of the tenure that just won {@code lockWord}, under the details word. Skipped when
     * the tenure has already ended, or when another live node is storing its own details (a stalled
     * earlier winner): readers then find no details for this tenure.
     *
     * @return true when the details were published.
     */
    boolean publishDetails(
        final int index,
        final long lockWord,
        final long token,
        final Subject subject,
        final String owner,
        final IntPredicate isGone) {
        final ByteBuffer buffer = this.buffer;
        final int bucket = ClaimsDescriptor.bucketOffset(index);
        final int detailsOffset = bucket + ClaimsDescriptor.DETAILS_OFFSET;
        final long writing = DetailsWord.of(lockWord, DetailsWord.WRITING);
        while (true) {
            if (lock(index) != lockWord) {
                return false;
            }
            final long current = BufferAccess.getLongVolatile(buffer, detailsOffset);
            if (DetailsWord.state(current) == DetailsWord.WRITING && !isGone.test(DetailsWord.node(current))) {
                return false;
            }
            if (BufferAccess.compareAndSetLong(buffer, detailsOffset, current, writing)) {
                break;
            }
        }
        VarHandle.storeStoreFence();
        final int text = ClaimsDescriptor.textOffset(index, buckets);
        final int ownerLength = Utf8.write(
            owner, buffer, text + ClaimsDescriptor.OWNER_TEXT_OFFSET, ClaimsDescriptor.MAX_OWNER_LENGTH);
        final int labelLength = Utf8.write(
            subject.label(), buffer, text + ClaimsDescriptor.LABEL_TEXT_OFFSET, ClaimsDescriptor.MAX_LABEL_LENGTH);
        BufferAccess.putLong(buffer, bucket + ClaimsDescriptor.FENCE_OFFSET, token);
        buffer.put(bucket + ClaimsDescriptor.SUBJECT_KIND_OFFSET, (byte)subject.kind());
        buffer.put(bucket + ClaimsDescriptor.OWNER_LENGTH_OFFSET, (byte)ownerLength);
        buffer.putShort(bucket + ClaimsDescriptor.LABEL_LENGTH_OFFSET, (short)labelLength);
        return BufferAccess.compareAndSetLong(buffer, detailsOffset, writing, DetailsWord.of(lockWord, DetailsWord.PUBLISHED));
    }

    /**
     * Reads the details of the tenure that holds {@code lockWord}: its fence token, owner and subject.
     *
     * @param index    bucket index.
     * @param lockWord the lock word observed, held.
     * @param expected the subject looked up, reused when the details name it; null when scanning.
     * @return the holder; null when the lock word changed meanwhile (decide again), or when scanning and the
     *     tenure's details are not published. With a subject looked up, a holder whose details are not
     *     published is reported with an empty owner and a fence token rebuilt from the tag.
     */
    Holder readHolder(final int index, final long lockWord, final Subject expected) {
        final ByteBuffer buffer = this.buffer;
        final int bucket = ClaimsDescriptor.bucketOffset(index);
        final int text = ClaimsDescriptor.textOffset(index, buckets);
        for (int spins = 0; ; spins++) {
            final long details = BufferAccess.getLongAcquire(buffer, bucket + ClaimsDescriptor.DETAILS_OFFSET);
            if (!DetailsWord.isPublishedFor(details, lockWord)) {
                if (lock(index) != lockWord) {
                    return null;
                }
                if (spins < DETAILS_SPIN_LIMIT) {
                    Thread.onSpinWait();
                    continue;
                }
                return expected == null ? null : unpublished(lockWord, expected);
            }
            final long token = BufferAccess.getLong(buffer, bucket + ClaimsDescriptor.FENCE_OFFSET);
            final int kind = buffer.get(bucket + ClaimsDescriptor.SUBJECT_KIND_OFFSET) & 0xFF;
            final int ownerLength = Math.min(
                buffer.get(bucket + ClaimsDescriptor.OWNER_LENGTH_OFFSET) & 0xFF, ClaimsDescriptor.MAX_OWNER_LENGTH);
            final int labelLength = Math.min(
                buffer.getShort(bucket + ClaimsDescriptor.LABEL_LENGTH_OFFSET) & 0xFFFF,
                ClaimsDescriptor.MAX_LABEL_LENGTH);
            final byte[] ownerBytes = new byte[ownerLength];
            final byte[] labelBytes = new byte[labelLength];
            buffer.get(text + ClaimsDescriptor.OWNER_TEXT_OFFSET, ownerBytes);
            buffer.get(text + ClaimsDescriptor.LABEL_TEXT_OFFSET, labelBytes);
            VarHandle.acquireFence();
            if (lock(index) != lockWord) {
                return null;
            }
            if (details(index) != details) {
                continue;
            }
            final Subject subject = subjectOf(kind, labelBytes, expected);
            if ((token & LockWord.TAG_MASK) != LockWord.tag(lockWord) || subject == null) {
                return expected == null ? null : unpublished(lockWord, expected);
            }
            return new Holder(subject, LockWord.node(lockWord), new String(ownerBytes, StandardCharsets.UTF_8), token,
                LockWord.expiresAtMs(lockWord));
        }
    }

    private Holder unpublished(final long lockWord, final Subject subject) {
        return new Holder(subject, LockWord.node(lockWord), "",
            LockWord.tokenFromTag(LockWord.tag(lockWord), newestToken()), LockWord.expiresAtMs(lockWord));
    }

    private static Subject subjectOf(final int kind, final byte[] labelBytes, final Subject expected) {
        final String label = new String(labelBytes, StandardCharsets.UTF_8);
        if (expected != null && expected.kind() == kind && expected.label().equals(label)) {
            return expected;
        }
        if (label.isEmpty() || Utf8.length(label) > Subject.MAX_LABEL_LENGTH) {
            return expected;
        }
        return new Subject(kind, label);
    }

    /**
     * Frees every lock word held by {@code node}, empties every bucket it left REKEYING, frees every home lock it
     * held and empties every details word it left WRITING: they belong to a gone process whose node id is being
     * reclaimed, and would otherwise look like this live node's own.
     *
     * @return claims freed.
     */
    int releaseAllOf(final int node) {
        int released = 0;
        for (int index = 0; index < buckets; index++) {
            final int bucket = ClaimsDescriptor.bucketOffset(index);
            while (true) {
                final long word = lock(index);
                if (LockWord.isFree(word) || LockWord.node(word) != node) {
                    break;
                }
                if (LockWord.isRekeying(word)) {
                    vacate(index, word);
                    break;
                }
                if (casLock(index, word, LockWord.released(word))) {
                    released++;
                    break;
                }
            }
            BufferAccess.compareAndSetLong(buffer, bucket + ClaimsDescriptor.HOME_LOCK_OFFSET, node + 1L, 0L);
            final int detailsOffset = bucket + ClaimsDescriptor.DETAILS_OFFSET;
            final long details = BufferAccess.getLongVolatile(buffer, detailsOffset);
            if (DetailsWord.state(details) == DetailsWord.WRITING && DetailsWord.node(details) == node) {
                BufferAccess.compareAndSetLong(buffer, detailsOffset, details, (long)DetailsWord.EMPTY);
            }
        }
        return released;
    }

    static long nonZero(final long hash) {
        return hash == 0 ? ZERO_HASH_SUBSTITUTE : hash;
    }
}
