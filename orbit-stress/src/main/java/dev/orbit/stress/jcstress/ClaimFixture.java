package dev.orbit.stress.jcstress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

import org.agrona.concurrent.EpochClock;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;
import dev.orbit.internal.contest.ClaimsDescriptor;
import dev.orbit.internal.contest.Contests;
import dev.orbit.internal.contest.LockWord;

/**
 * One claims table in one direct buffer, opened by several node ids as sibling processes open the mapped
 * table: {@code ClaimsDescriptor.initialise} once, then {@code Contests.over} per node. Time is a field the
 * test moves by hand; nobody is gone.
 */
final class ClaimFixture {

    /** The subject every claim is about. */
    static final Subject SUBJECT = Subject.of("job");

    /** A time well after the claims epoch. */
    static final long T0 = LockWord.EPOCH_MS + 1_000_000_000L;

    /** Result code: claimed. */
    static final int CLAIMED = 1;

    final ByteBuffer table;
    volatile long now = T0;
    private final EpochClock clock = () -> now;

    ClaimFixture() {
        final int buckets = 4;
        table = ByteBuffer.allocateDirect((int)ClaimsDescriptor.length(buckets) + ClaimsDescriptor.ALIGNMENT)
            .alignedSlice(ClaimsDescriptor.ALIGNMENT)
            .order(ByteOrder.LITTLE_ENDIAN);
        ClaimsDescriptor.initialise(table, buckets);
    }

    /**
     * @param node node id.
     * @return that node's contest over the shared table.
     */
    Contest open(final int node) {
        return Contests.over(table, node, n -> false, clock, null);
    }

    /**
     * Claims and keeps the guard.
     *
     * @return the guard.
     */
    static Guard claim(final Contest contest, final Duration ttl) {
        final ClaimResult result = contest.tryClaim(SUBJECT, "stress", ttl);
        if (!(result instanceof Claimed claimed)) {
            throw new IllegalStateException("fixture claim yielded: " + result);
        }
        return claimed.guard();
    }

    /**
     * @return {@link #CLAIMED}, or {@code -node} of the holder the claim yielded to.
     */
    static int code(final ClaimResult result) {
        if (result instanceof YieldTo yielded) {
            return -yielded.holder().nodeId();
        }
        return CLAIMED;
    }

    /**
     * @return the node holding the subject's lock word now, or 0 when free (raw read, arbiter only).
     */
    int lockHolder(final Contest observer) {
        return observer.holder(SUBJECT).map(h -> h.nodeId()).orElse(0);
    }
}
