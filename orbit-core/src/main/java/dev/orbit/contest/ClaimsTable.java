package dev.orbit.contest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;

/**
 * Access to a claims table (see {@link ClaimsDescriptor}) over a little-endian direct or mapped buffer:
 * finding a subject's bucket, the atomic words, and the holder's details.
 * <p>
 * Buckets are found by linear probing from {@code hash & (count - 1)}. A bucket is taken by CAS of its
 * hash from 0 and never freed, so a probe for a hash may stop at the first empty bucket.
 */
final class ClaimsTable {

    static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Hash stored for a subject whose hash function returned 0, the empty marker. */
    static final long ZERO_HASH_SUBSTITUTE = 0x9E3779B97F4A7C15L;

    /** Re-reads of a holder's details while its winner may still be publishing them. */
    static final int DETAILS_SPIN_LIMIT = 128;

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
     * @return the index of the subject's bucket, or -1 when no bucket holds it.
     */
    int find(final long hash) {
        for (int probe = 0, index = (int)hash & mask; probe < buckets; probe++, index = (index + 1) & mask) {
            final long stored = (long)LONG.getAcquire(buffer, ClaimsDescriptor.bucketOffset(index) +
                ClaimsDescriptor.HASH_OFFSET);
            if (stored == hash) {
                return index;
            }
            if (stored == 0) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * @param hash    a subject hash, not 0.
     * @param subject the subject, for the message when the table is full.
     * @return the index of the subject's bucket, taken now if it had none.
     * @throws IllegalStateException when every bucket holds another subject.
     */
    int findOrInsert(final long hash, final Subject subject) {
        for (int probe = 0, index = (int)hash & mask; probe < buckets; probe++, index = (index + 1) & mask) {
            final int hashOffset = ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.HASH_OFFSET;
            long stored = (long)LONG.getAcquire(buffer, hashOffset);
            if (stored == 0) {
                if (LONG.compareAndSet(buffer, hashOffset, 0L, hash)) {
                    return index;
                }
                stored = (long)LONG.getVolatile(buffer, hashOffset);
            }
            if (stored == hash) {
                return index;
            }
        }
        throw new IllegalStateException("claims table full: buckets=" + buckets + ", subject=" + subject +
            " (every bucket holds another subject and buckets are never freed; configure more claim slots)");
    }

    /**
     * @param index bucket index.
     * @return the bucket's subject hash, 0 when empty.
     */
    long hash(final int index) {
        return (long)LONG.getAcquire(buffer, ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.HASH_OFFSET);
    }

    long lock(final int index) {
        return (long)LONG.getVolatile(buffer, ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.LOCK_OFFSET);
    }

    boolean casLock(final int index, final long expected, final long word) {
        return LONG.compareAndSet(
            buffer, ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.LOCK_OFFSET, expected, word);
    }

    /**
     * @return a fence token greater than every token drawn before.
     */
    long nextToken() {
        return (long)LONG.getAndAdd(buffer, ClaimsDescriptor.FENCE_COUNTER_OFFSET, 1L) + 1;
    }

    /**
     * @return the newest fence token drawn (0 if none).
     */
    long newestToken() {
        return (long)LONG.getVolatile(buffer, ClaimsDescriptor.FENCE_COUNTER_OFFSET);
    }

    long highWater(final int index) {
        return (long)LONG.getVolatile(
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
            final long current = (long)LONG.getVolatile(buffer, offset);
            if (token < current) {
                return false;
            }
            if (token == current || LONG.compareAndSet(buffer, offset, current, token)) {
                return true;
            }
        }
    }

    long details(final int index) {
        return (long)LONG.getVolatile(buffer, ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.DETAILS_OFFSET);
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
            final long current = (long)LONG.getVolatile(buffer, detailsOffset);
            if (DetailsWord.state(current) == DetailsWord.WRITING && !isGone.test(DetailsWord.node(current))) {
                return false;
            }
            if (LONG.compareAndSet(buffer, detailsOffset, current, writing)) {
                break;
            }
        }
        VarHandle.storeStoreFence();
        final int text = ClaimsDescriptor.textOffset(index, buckets);
        final int ownerLength = Utf8.write(
            owner, buffer, text + ClaimsDescriptor.OWNER_TEXT_OFFSET, ClaimsDescriptor.MAX_OWNER_LENGTH);
        final int labelLength = Utf8.write(
            subject.label(), buffer, text + ClaimsDescriptor.LABEL_TEXT_OFFSET, ClaimsDescriptor.MAX_LABEL_LENGTH);
        LONG.set(buffer, bucket + ClaimsDescriptor.FENCE_OFFSET, token);
        buffer.put(bucket + ClaimsDescriptor.SUBJECT_KIND_OFFSET, (byte)subject.kind());
        buffer.put(bucket + ClaimsDescriptor.OWNER_LENGTH_OFFSET, (byte)ownerLength);
        buffer.putShort(bucket + ClaimsDescriptor.LABEL_LENGTH_OFFSET, (short)labelLength);
        return LONG.compareAndSet(buffer, detailsOffset, writing, DetailsWord.of(lockWord, DetailsWord.PUBLISHED));
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
            final long details = (long)LONG.getAcquire(buffer, bucket + ClaimsDescriptor.DETAILS_OFFSET);
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
            final long token = (long)LONG.get(buffer, bucket + ClaimsDescriptor.FENCE_OFFSET);
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
     * Frees every lock word held by {@code node} and empties every details word it left WRITING: they
     * belong to a gone process whose node id is being reclaimed.
     *
     * @return lock words freed.
     */
    int releaseAllOf(final int node) {
        int released = 0;
        for (int index = 0; index < buckets; index++) {
            if (hash(index) == 0) {
                continue;
            }
            while (true) {
                final long word = lock(index);
                if (LockWord.isFree(word) || LockWord.node(word) != node) {
                    break;
                }
                if (casLock(index, word, LockWord.released(word))) {
                    released++;
                    break;
                }
            }
            final int detailsOffset = ClaimsDescriptor.bucketOffset(index) + ClaimsDescriptor.DETAILS_OFFSET;
            final long details = (long)LONG.getVolatile(buffer, detailsOffset);
            if (DetailsWord.state(details) == DetailsWord.WRITING && DetailsWord.node(details) == node) {
                LONG.compareAndSet(buffer, detailsOffset, details, (long)DetailsWord.EMPTY);
            }
        }
        return released;
    }

    static long nonZero(final long hash) {
        return hash == 0 ? ZERO_HASH_SUBSTITUTE : hash;
    }
}
