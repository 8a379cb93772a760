package dev.orbit.tools;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import dev.orbit.contest.ClaimsDescriptor;
import dev.orbit.contest.DetailsWord;
import dev.orbit.contest.LockWord;
import dev.orbit.shm.SegmentException;
import dev.orbit.shm.SegmentSpec;

/**
 * Reads the current holders out of a claims table (see {@link ClaimsDescriptor}) without writing it: only read
 * access modes, so it works on a read-only mapping.
 * <p>
 * A bucket is held when its lock word is not free, has not expired and its node is not gone. The holder's
 * details (subject, owner, fence token) are accepted only while the details word is PUBLISHED for the lock
 * word's tenure and unchanged across the read, as the contest itself reads them. A holder whose details are
 * missing (its winner is still writing them, or stalled) is reported with the subject unknown and the fence
 * token rebuilt from the lock word's tag.
 */
final class ClaimsReader {

    /** Reads of one bucket while its words keep changing under us. */
    static final int ATTEMPTS = 16;

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final ByteBuffer buffer;
    private final int buckets;

    ClaimsReader(final ByteBuffer table) {
        this.buffer = table.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.buckets = ClaimsDescriptor.bucketsOf(buffer);
    }

    /**
     * @param length the claims file's length.
     * @return the spec of an existing claims segment of that length, whatever its bucket count.
     */
    static SegmentSpec existingSpec(final long length) {
        return new SegmentSpec() {
            @Override
            public String describe() {
                return "claims table length=" + length;
            }

            @Override
            public long length() {
                return length;
            }

            @Override
            public int typeTag() {
                return ClaimsDescriptor.TYPE_TAG;
            }

            @Override
            public void initialise(final ByteBuffer buffer) {
                throw new IllegalStateException("orbit-stat never creates a claims table: length=" + length);
            }

            @Override
            public void validate(final ByteBuffer buffer, final Path file) {
                final int found = ClaimsDescriptor.bucketsOf(buffer);
                final boolean consistent = found >= ClaimsDescriptor.MIN_BUCKETS &&
                    found <= ClaimsDescriptor.MAX_BUCKETS && Integer.bitCount(found) == 1 &&
                    ClaimsDescriptor.length(found) == length;
                if (!consistent) {
                    throw SegmentException.refusing(file, "claims table header inconsistent with file length: length=" +
                        length + ", buckets=" + found);
                }
            }
        };
    }

    int buckets() {
        return buckets;
    }

    /**
     * @return the newest fence token drawn from the table (0 if none).
     */
    long fenceCounter() {
        return (long)LONG.getVolatile(buffer, ClaimsDescriptor.FENCE_COUNTER_OFFSET);
    }

    /**
     * @param nowMs  the current epoch millis.
     * @param isGone tells whether a node's process is gone.
     * @return the holders at {@code nowMs}, in bucket order.
     */
    List<FleetSnapshot.Claim> holders(final long nowMs, final IntPredicate isGone) {
        final List<FleetSnapshot.Claim> holders = new ArrayList<>();
        for (int index = 0; index < buckets; index++) {
            final int bucket = ClaimsDescriptor.bucketOffset(index);
            final long hash = (long)LONG.getAcquire(buffer, bucket + ClaimsDescriptor.HASH_OFFSET);
            if (hash == 0) {
                continue;
            }
            final FleetSnapshot.Claim claim = holder(index, hash, nowMs, isGone);
            if (claim != null) {
                holders.add(claim);
            }
        }
        return holders;
    }

    private FleetSnapshot.Claim holder(final int index, final long hash, final long nowMs, final IntPredicate isGone) {
        final int bucket = ClaimsDescriptor.bucketOffset(index);
        final int text = ClaimsDescriptor.textOffset(index, buckets);
        long lock = 0;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            lock = (long)LONG.getVolatile(buffer, bucket + ClaimsDescriptor.LOCK_OFFSET);
            if (!LockWord.isHeld(lock, nowMs) || isGone.test(LockWord.node(lock))) {
                return null;
            }
            final long details = (long)LONG.getAcquire(buffer, bucket + ClaimsDescriptor.DETAILS_OFFSET);
            if (!DetailsWord.isPublishedFor(details, lock)) {
                Thread.onSpinWait();
                continue;
            }
            final long token = (long)LONG.getAcquire(buffer, bucket + ClaimsDescriptor.FENCE_OFFSET);
            final int kind = buffer.get(bucket + ClaimsDescriptor.SUBJECT_KIND_OFFSET) & 0xFF;
            final int ownerLength = Math.min(
                buffer.get(bucket + ClaimsDescriptor.OWNER_LENGTH_OFFSET) & 0xFF, ClaimsDescriptor.MAX_OWNER_LENGTH);
            final int labelLength = Math.min(
                buffer.getShort(bucket + ClaimsDescriptor.LABEL_LENGTH_OFFSET) & 0xFFFF, ClaimsDescriptor.MAX_LABEL_LENGTH);
            final byte[] owner = new byte[ownerLength];
            final byte[] label = new byte[labelLength];
            buffer.get(text + ClaimsDescriptor.OWNER_TEXT_OFFSET, owner);
            buffer.get(text + ClaimsDescriptor.LABEL_TEXT_OFFSET, label);
            VarHandle.acquireFence();
            final boolean unchanged =
                (long)LONG.getVolatile(buffer, bucket + ClaimsDescriptor.LOCK_OFFSET) == lock &&
                (long)LONG.getVolatile(buffer, bucket + ClaimsDescriptor.DETAILS_OFFSET) == details;
            if (!unchanged || (token & LockWord.TAG_MASK) != LockWord.tag(lock) || labelLength == 0) {
                continue;
            }
            return new FleetSnapshot.Claim(kind, new String(label, StandardCharsets.UTF_8), hash,
                LockWord.node(lock), new String(owner, StandardCharsets.UTF_8), token,
                LockWord.expiresAtMs(lock), LockWord.expiresAtMs(lock) - nowMs);
        }
        return new FleetSnapshot.Claim(-1, null, hash, LockWord.node(lock), "",
            LockWord.tokenFromTag(LockWord.tag(lock), fenceCounter()), LockWord.expiresAtMs(lock),
            LockWord.expiresAtMs(lock) - nowMs);
    }
}
