package dev.orbit.internal.contest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.orbit.contest.Subject;
import dev.orbit.shm.SegmentDescriptor;

import static org.agrona.BitUtil.CACHE_LINE_LENGTH;
import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;
import static org.agrona.BitUtil.align;

/**
 * Layout of a claims table: a header, the fence counter on its own cache lines, {@code buckets} buckets of
 * 64 bytes, then one holder-text record per bucket.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Common segment header (magic, version, ...)          |  0
 *  |                             ...                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Bucket Count                          | 40
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               R                               | 44
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Expiry Epoch (epoch millis)                   | 48
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Padding (72 bytes)                       | 56
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Fence Counter                          | 128
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Padding (120 bytes)                      | 136
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Buckets (count x 64 bytes) ...               ... 256
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Holder Texts (count x 320 bytes) ...              ... 256 + 64 x count
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * One bucket, on its own cache line:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Subject Hash (0 = empty)                    |  0
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Lock Word (see LockWord)                   |  8
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Holder's Fence Token                       | 16
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Fence High-Water Mark                     | 24
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Details Word (see DetailsWord)                | 32
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Subject Kind  | Owner Length  |          Label Length         | 40
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Reach (of subjects whose home this is)           | 44
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Home Lock (0, or the placing node + 1)             | 48
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Placement Generation                       | 56
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * One holder-text record, five cache lines so that no two buckets share one:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Owner (UTF-8, 64 bytes) ...                 ...  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Subject Label (UTF-8, 200 bytes) ...            ... 64
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        R (56 bytes)                           | 264
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The first 40 bytes are the header every segment shares, written by the segment's creator; this class
 * writes only the fields from offset 40 on. All fields are little-endian.
 * <p>
 * <b>Placing subjects.</b> A subject's <em>home</em> is bucket {@code hash & (count - 1)}; it lives in one bucket
 * within the home's <em>reach</em> (the home and the {@code reach - 1} buckets after it, wrapping). Buckets are
 * reused: a bucket whose claim was released, has expired, or whose holder is gone can be taken for another
 * subject, so the bucket count bounds the subjects <em>held at the same time</em>, not the subjects ever used.
 * Placing (re-keying) a bucket is serialised per home by the home lock (taken by CAS from 0, or from a node that
 * is gone), and runs inside the bucket's lock word: the placing node CASes the word it judged reusable to
 * {@link LockWord#rekeying REKEYING}, raises the generation, raises the home's reach to cover the bucket,
 * stores the hash, raises the high-water mark to the newest token drawn, then CASes REKEYING to its own claim
 * (or to free). A bucket whose lock word is REKEYING holds no subject, whatever its hash says. Claims of a
 * subject already placed never take the home lock: they decide on the lock word, re-checking the hash and the
 * generation around it, so a bucket re-keyed meanwhile is never taken for the old subject.
 * <p>
 * The hash, lock word, details word, reach, home lock, generation, fence counter and high-water mark are
 * accessed atomically.
 * The holder's details (fence token, subject kind, lengths and texts) are informational: the winner of the
 * lock word stores them while it holds the details word WRITING, and readers accept them only while the
 * details word is PUBLISHED for the lock word's tenure (see {@link DetailsWord}).
 */
public final class ClaimsDescriptor {

    /**
     * Type tag of claims segments in the common header: "CLM2", the layout whose buckets are reused. Tables of the
     * first layout ("CLMS", buckets never freed) are refused by type, and refuse this one.
     */
    public static final int TYPE_TAG = 0x434C4D32; // "CLM2"

    /** Offset of the bucket count (int, a power of two). */
    public static final int BUCKET_COUNT_OFFSET = SegmentDescriptor.TYPE_HEADER_OFFSET;

    /** Offset of the epoch of lock-word expiries (long, epoch millis; always {@link LockWord#EPOCH_MS}). */
    public static final int EXPIRY_EPOCH_OFFSET = BUCKET_COUNT_OFFSET + SIZE_OF_LONG;

    /** Offset of the fence counter (long): the newest fence token drawn; tokens start at 1. */
    public static final int FENCE_COUNTER_OFFSET = CACHE_LINE_LENGTH * 2;

    /** Length of the table header; buckets start here. */
    public static final int HEADER_LENGTH = FENCE_COUNTER_OFFSET + CACHE_LINE_LENGTH * 2;

    /** Offset in a bucket of the subject hash (long, 0 while the bucket is empty). */
    public static final int HASH_OFFSET = 0;

    /** Offset in a bucket of the lock word (long, see {@link LockWord}). */
    public static final int LOCK_OFFSET = HASH_OFFSET + SIZE_OF_LONG;

    /** Offset in a bucket of the full fence token of the tenure whose details the bucket holds (long). */
    public static final int FENCE_OFFSET = LOCK_OFFSET + SIZE_OF_LONG;

    /** Offset in a bucket of the fence high-water mark (long, raised by CAS-to-max). */
    public static final int HIGH_WATER_OFFSET = FENCE_OFFSET + SIZE_OF_LONG;

    /** Offset in a bucket of the details word (long, see {@link DetailsWord}). */
    public static final int DETAILS_OFFSET = HIGH_WATER_OFFSET + SIZE_OF_LONG;

    /** Offset in a bucket of the holder's subject kind (u8). */
    public static final int SUBJECT_KIND_OFFSET = DETAILS_OFFSET + SIZE_OF_LONG;

    /** Offset in a bucket of the length of the holder's owner text in bytes (u8). */
    public static final int OWNER_LENGTH_OFFSET = SUBJECT_KIND_OFFSET + SIZE_OF_BYTE;

    /** Offset in a bucket of the length of the holder's subject label in bytes (u16). */
    public static final int LABEL_LENGTH_OFFSET = OWNER_LENGTH_OFFSET + SIZE_OF_BYTE;

    /**
     * Offset in a bucket of its reach as a home (int): every subject whose home this bucket is lives within this
     * many buckets from it (0: none was ever placed). Raised by CAS-to-max, never lowered.
     */
    public static final int REACH_OFFSET = LABEL_LENGTH_OFFSET + SIZE_OF_SHORT;

    /** Offset in a bucket of its home lock (long): 0 when free, else the node placing a subject of this home, + 1. */
    public static final int HOME_LOCK_OFFSET = REACH_OFFSET + SIZE_OF_INT;

    /** Offset in a bucket of its placement generation (long), raised each time the bucket is re-keyed. */
    public static final int GENERATION_OFFSET = HOME_LOCK_OFFSET + SIZE_OF_LONG;

    /** Length of a bucket. */
    public static final int BUCKET_LENGTH = CACHE_LINE_LENGTH;

    /** Offset in a holder-text record of the owner text. */
    public static final int OWNER_TEXT_OFFSET = 0;

    /** Longest owner text in bytes. */
    public static final int MAX_OWNER_LENGTH = 64;

    /** Offset in a holder-text record of the subject label. */
    public static final int LABEL_TEXT_OFFSET = OWNER_TEXT_OFFSET + MAX_OWNER_LENGTH;

    /** Longest subject label in bytes. */
    public static final int MAX_LABEL_LENGTH = Subject.MAX_LABEL_LENGTH;

    /** Length of a holder-text record: the owner and the label, rounded up to whole cache lines. */
    public static final int TEXT_LENGTH = align(LABEL_TEXT_OFFSET + MAX_LABEL_LENGTH, CACHE_LINE_LENGTH);

    /** Smallest bucket count. */
    public static final int MIN_BUCKETS = 1;

    /** Largest bucket count: the whole table maps into one buffer. */
    public static final int MAX_BUCKETS = 1 << 22;

    /** Tables should be aligned to this many bytes, so each bucket is one cache line. */
    public static final int ALIGNMENT = CACHE_LINE_LENGTH;

    private ClaimsDescriptor() {
    }

    /**
     * @param buckets bucket count.
     * @return the total length of the table in bytes.
     * @throws IllegalArgumentException when the count is not a power of two within
     *                                  {@link #MIN_BUCKETS}..{@link #MAX_BUCKETS}.
     */
    public static long length(final int buckets) {
        validateBuckets(buckets);
        return HEADER_LENGTH + (long)buckets * (BUCKET_LENGTH + TEXT_LENGTH);
    }

    /**
     * Writes a claims table's header fields (not the common segment header) into zeroed memory.
     *
     * @param buffer  the table's memory.
     * @param buckets bucket count, a power of two.
     * @throws IllegalArgumentException when the count is invalid or the buffer too small.
     */
    public static void initialise(final ByteBuffer buffer, final int buckets) {
        final long length = length(buckets);
        if (buffer.capacity() < length) {
            throw new IllegalArgumentException("buffer too small for claims table: capacity=" + buffer.capacity() +
                ", required=" + length + ", buckets=" + buckets);
        }
        final ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(EXPIRY_EPOCH_OFFSET, LockWord.EPOCH_MS);
        b.putInt(BUCKET_COUNT_OFFSET, buckets);
    }

    /**
     * @param buffer a claims table's memory.
     * @return the bucket count in its header (0 when not initialised).
     */
    public static int bucketsOf(final ByteBuffer buffer) {
        return buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(BUCKET_COUNT_OFFSET);
    }

    /**
     * @param index bucket index.
     * @return the bucket's offset in the table.
     */
    public static int bucketOffset(final int index) {
        return HEADER_LENGTH + index * BUCKET_LENGTH;
    }

    /**
     * @param index   bucket index.
     * @param buckets bucket count.
     * @return the offset of the bucket's holder-text record in the table.
     */
    public static int textOffset(final int index, final int buckets) {
        return HEADER_LENGTH + buckets * BUCKET_LENGTH + index * TEXT_LENGTH;
    }

    static int validateBuckets(final int buckets) {
        if (buckets < MIN_BUCKETS || buckets > MAX_BUCKETS || Integer.bitCount(buckets) != 1) {
            throw new IllegalArgumentException("claims table bucket count must be a power of two from " +
                MIN_BUCKETS + " to " + MAX_BUCKETS + ": buckets=" + buckets);
        }
        return buckets;
    }
}
