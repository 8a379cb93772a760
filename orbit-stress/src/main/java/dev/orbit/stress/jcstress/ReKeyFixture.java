package dev.orbit.stress.jcstress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

import org.agrona.concurrent.EpochClock;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;
import dev.orbit.internal.contest.ClaimsDescriptor;
import dev.orbit.internal.contest.Contests;
import dev.orbit.internal.contest.LockWord;

/**
 * A claims table of two buckets shared by several node ids, set up so that one bucket is held for good by
 * {@link #BLOCKER} and the other holds {@link #OLD}, released: the only bucket a new subject can be placed in is
 * OLD's, so placing {@link #NEW} re-keys it. Time stands still; nobody is gone.
 */
final class ReKeyFixture {

    /** Holds the other bucket all along (node 9). */
    static final Subject BLOCKER = Subject.of("blocker");

    /** Placed, then released: its bucket is free and reusable. */
    static final Subject OLD = Subject.of("old");

    /** Never placed: claiming it re-keys OLD's bucket. */
    static final Subject NEW = Subject.of("new");

    /** Result code: claimed. */
    static final int CLAIMED = 1;

    /** Result code: refused, every bucket holds a live claim. */
    static final int FULL = 0;

    static final Duration TTL = Duration.ofMinutes(1);

    private static final long NEW_HASH = hash(NEW);
    private static final long OLD_HASH = hash(OLD);

    final ByteBuffer table;
    private final EpochClock clock = () -> ClaimFixture.T0;

    ReKeyFixture() {
        this(2);
    }

    ReKeyFixture(final int buckets) {
        table = ByteBuffer.allocateDirect((int)ClaimsDescriptor.length(buckets) + ClaimsDescriptor.ALIGNMENT)
            .alignedSlice(ClaimsDescriptor.ALIGNMENT)
            .order(ByteOrder.LITTLE_ENDIAN);
        ClaimsDescriptor.initialise(table, buckets);
        if (buckets == 2) {
            ((Claimed)open(9).tryClaim(BLOCKER, "blocker", TTL)).guard();
            ((Claimed)open(8).tryClaim(OLD, "old", TTL)).guard().close();
        }
    }

    Contest open(final int node) {
        return Contests.over(table, node, n -> false, clock, null);
    }

    /**
     * @return {@link #CLAIMED}, {@code -node} of the holder it yielded to, or {@link #FULL}.
     */
    static int claim(final Contest contest, final Subject subject) {
        final ClaimResult result;
        try {
            result = contest.tryClaim(subject, "stress", TTL);
        }
        catch (final IllegalStateException full) {
            return FULL;
        }
        if (result instanceof YieldTo yielded) {
            return -yielded.holder().nodeId();
        }
        return CLAIMED;
    }

    /**
     * @return buckets holding NEW times 10 plus buckets holding OLD (a bucket holds the subject whose hash it
     *     carries unless its lock word is REKEYING), plus 100 when a bucket is left REKEYING.
     */
    int placements() {
        final long newHash = NEW_HASH;
        final long oldHash = OLD_HASH;
        int result = 0;
        final int buckets = ClaimsDescriptor.bucketsOf(table);
        for (int i = 0; i < buckets; i++) {
            final int bucket = ClaimsDescriptor.bucketOffset(i);
            final long hash = table.getLong(bucket + ClaimsDescriptor.HASH_OFFSET);
            final long lock = table.getLong(bucket + ClaimsDescriptor.LOCK_OFFSET);
            if (LockWord.isRekeying(lock)) {
                result += 100;
            }
            else if (hash == newHash) {
                result += 10;
            }
            else if (hash == oldHash) {
                result += 1;
            }
        }
        return result;
    }

    /**
     * The hash a subject is stored under, found by placing it alone in a table of one bucket.
     */
    private static long hash(final Subject subject) {
        final ReKeyFixture probe = new ReKeyFixture(1);
        ((Claimed)probe.open(1).tryClaim(subject, "probe", TTL)).guard();
        return probe.table.getLong(ClaimsDescriptor.bucketOffset(0) + ClaimsDescriptor.HASH_OFFSET);
    }
}
