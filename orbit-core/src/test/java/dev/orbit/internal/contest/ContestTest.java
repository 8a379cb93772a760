package dev.orbit.internal.contest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.ContestStats;
import dev.orbit.contest.Fence;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Holder;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;
import dev.orbit.testsupport.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContestTest {

    static final long START_MS = 1_750_000_000_000L;
    static final Duration TTL = Duration.ofSeconds(10);
    static final Subject JOB = Subject.of("nightly-report");

    private final ManualClock clock = new ManualClock(0);
    private final Set<Integer> gone = new HashSet<>();
    private ByteBuffer table;
    private Contest a;
    private Contest b;

    static ByteBuffer newTable(final int buckets) {
        final ByteBuffer buffer = ByteBuffer.allocateDirect((int)ClaimsDescriptor.length(buckets) + 64)
            .alignedSlice(64)
            .order(ByteOrder.LITTLE_ENDIAN);
        ClaimsDescriptor.initialise(buffer, buckets);
        return buffer;
    }

    @BeforeEach
    void setUp() {
        clock.update(START_MS);
        table = newTable(16);
        a = process(1);
        b = process(2);
    }

    private Contest process(final int node) {
        return Contests.over(table, node, gone::contains, clock, null);
    }

    private static Guard claimed(final ClaimResult result) {
        assertThat(result).isInstanceOf(Claimed.class);
        return ((Claimed)result).guard();
    }

    private static Holder yielded(final ClaimResult result) {
        assertThat(result).isInstanceOf(YieldTo.class);
        return ((YieldTo)result).holder();
    }

    @Test
    void shouldClaimWhenSubjectIsFree() {
        final ClaimResult result = a.tryClaim(JOB, "worker-a", TTL);

        assertThat(result.isClaimed()).isTrue();
        final Guard guard = claimed(result);
        assertThat(guard.subject()).isEqualTo(JOB);
        assertThat(guard.fenceToken()).isEqualTo(1);
        assertThat(guard.expiresAtMs()).isEqualTo(START_MS + TTL.toMillis());
        assertThat(guard.isHeld()).isTrue();
    }

    @Test
    void shouldYieldToHolderWhenAnotherNodeHoldsTheSubject() {
        final Guard guard = claimed(a.tryClaim(JOB, "worker-a", TTL));

        final ClaimResult result = b.tryClaim(JOB, "worker-b", TTL);

        assertThat(result.isClaimed()).isFalse();
        assertThat(yielded(result))
            .isEqualTo(new Holder(JOB, 1, "worker-a", guard.fenceToken(), START_MS + TTL.toMillis()));
        assertThat(b.stats().yielded()).isEqualTo(1);
    }

    @Test
    void shouldYieldWhenTheHoldingNodeClaimsAgain() {
        final Guard guard = claimed(a.tryClaim(JOB, "thread-1", TTL));

        final Holder holder = yielded(a.tryClaim(JOB, "thread-2", TTL));

        assertThat(holder.nodeId()).isEqualTo(1);
        assertThat(holder.owner()).isEqualTo("thread-1");
        assertThat(guard.isHeld()).isTrue();
    }

    @Test
    void shouldLetTheNextClaimantWinWhenReleased() {
        final Guard first = claimed(a.tryClaim(JOB, "worker-a", TTL));
        first.close();

        final Guard second = claimed(b.tryClaim(JOB, "worker-b", TTL));

        assertThat(first.isHeld()).isFalse();
        assertThat(second.fenceToken()).isGreaterThan(first.fenceToken());
        assertThat(b.holder(JOB)).hasValueSatisfying(h -> assertThat(h.nodeId()).isEqualTo(2));
        assertThat(a.stats().released()).isEqualTo(1);
        assertThat(b.stats().takeovers()).isZero();
    }

    @Test
    void shouldDoNothingWhenClosedTwice() {
        final Guard guard = claimed(a.tryClaim(JOB, "worker-a", TTL));
        guard.close();
        final Guard next = claimed(b.tryClaim(JOB, "worker-b", TTL));

        guard.close();

        assertThat(next.isHeld()).isTrue();
        assertThat(a.stats().released()).isEqualTo(1);
        assertThat(a.stats().lost()).isZero();
    }

    @Test
    void shouldIncreaseFenceTokensAcrossTenuresWhenInstancesTakeTurns() {
        final Contest[] processes = {a, b, process(3), process(4)};
        final Random random = new Random(42);
        long previous = 0;
        int takeovers = 0;
        for (int round = 0; round < 500; round++) {
            final Contest contest = processes[random.nextInt(processes.length)];
            final ClaimResult result = contest.tryClaim(JOB, "round-" + round, TTL);
            if (!result.isClaimed()) {
                clock.advance(TTL.toMillis());
                takeovers++;
                assertThat(contest.tryClaim(JOB, "round-" + round, TTL).isClaimed()).isTrue();
                continue;
            }
            final Guard guard = claimed(result);
            assertThat(guard.fenceToken()).isGreaterThan(previous);
            previous = guard.fenceToken();
            if (random.nextInt(4) != 0) {
                guard.close();
            }
        }
        long won = 0;
        long takenOver = 0;
        for (final Contest contest : processes) {
            won += contest.stats().claimed();
            takenOver += contest.stats().takeovers();
        }
        assertThat(takeovers).isPositive();
        assertThat(won).isEqualTo(500);
        assertThat(takenOver).isEqualTo(takeovers);
    }

    @Test
    void shouldKeepTheClaimWhenRenewedBeyondTheFirstTtl() {
        final Guard guard = claimed(a.tryClaim(JOB, "worker-a", TTL));
        clock.advance(TTL.toMillis() - 1);

        assertThat(guard.renew(TTL)).isTrue();
        clock.advance(TTL.toMillis() - 1);

        assertThat(START_MS + TTL.toMillis()).isLessThan(clock.time());
        assertThat(guard.isHeld()).isTrue();
        assertThat(guard.expiresAtMs()).isEqualTo(START_MS + 2 * TTL.toMillis() - 1);
        assertThat(yielded(b.tryClaim(JOB, "worker-b", TTL)).expiresAtMs()).isEqualTo(guard.expiresAtMs());
        assertThat(a.stats().renewed()).isEqualTo(1);
    }

    @Test
    void shouldRefuseToRenewWhenTheClaimExpiredAndWasTakenOver() {
        final Guard guard = claimed(a.tryClaim(JOB, "worker-a", TTL));
        clock.advance(TTL.toMillis());
        final Guard next = claimed(b.tryClaim(JOB, "worker-b", TTL));

        assertThat(guard.renew(TTL)).isFalse();
        guard.close();

        assertThat(guard.isHeld()).isFalse();
        assertThat(next.isHeld()).isTrue();
        assertThat(a.stats().lost()).isEqualTo(2);
        assertThat(a.stats().renewed()).isZero();
        assertThat(a.stats().released()).isZero();
    }

    @Test
    void shouldRenewWhenTheClaimExpiredButNobodyTookIt() {
        final Guard guard = claimed(a.tryClaim(JOB, "worker-a", TTL));
        clock.advance(TTL.toMillis());
        assertThat(guard.isHeld()).isFalse();

        assertThat(guard.renew(TTL)).isTrue();

        assertThat(guard.isHeld()).isTrue();
        assertThat(yielded(b.tryClaim(JOB, "worker-b", TTL)).fenceToken()).isEqualTo(guard.fenceToken());
    }

    @Test
    void shouldRefuseToRenewWhenClosed() {
        final Guard guard = claimed(a.tryClaim(JOB, "worker-a", TTL));
        guard.close();

        assertThat(guard.renew(TTL)).isFalse();
        assertThat(a.stats().lost()).isZero();
    }

    @Test
    void shouldEndAnAbandonedClaimWhenItsTtlPasses() {
        final Guard abandoned = claimed(a.tryClaim(JOB, "worker-a", TTL));
        clock.advance(TTL.toMillis() - 1);
        yielded(b.tryClaim(JOB, "worker-b", TTL));
        clock.advance(1);

        final Guard next = claimed(b.tryClaim(JOB, "worker-b", TTL));

        assertThat(next.fenceToken()).isGreaterThan(abandoned.fenceToken());
        assertThat(abandoned.isHeld()).isFalse();
        assertThat(b.stats().takeovers()).isEqualTo(1);
        assertThat(b.stats().claimed()).isEqualTo(1);
    }

    @Test
    void shouldTakeOverAtOnceWhenTheHolderIsGone() {
        final Guard orphan = claimed(a.tryClaim(JOB, "worker-a", TTL));
        gone.add(1);

        final Guard next = claimed(b.tryClaim(JOB, "worker-b", TTL));

        assertThat(next.fenceToken()).isGreaterThan(orphan.fenceToken());
        assertThat(b.stats().takeovers()).isEqualTo(1);
        assertThat(b.holder(JOB)).hasValueSatisfying(h -> assertThat(h.owner()).isEqualTo("worker-b"));
    }

    @Test
    void shouldNotReportHoldersWhenGoneExpiredOrReleased() {
        final Subject gone1 = Subject.of("gone");
        final Subject expired = Subject.of("expired");
        final Subject released = Subject.of("released");
        final Subject held = new Subject(7, "held");
        claimed(a.tryClaim(gone1, "a", TTL));
        claimed(b.tryClaim(expired, "b", Duration.ofSeconds(1)));
        claimed(b.tryClaim(released, "b", TTL)).close();
        final Guard guard = claimed(b.tryClaim(held, "b", TTL));
        gone.add(1);
        clock.advance(1000);

        final List<Holder> holders = b.holders();

        assertThat(holders).containsExactly(
            new Holder(held, 2, "b", guard.fenceToken(), START_MS + TTL.toMillis()));
        assertThat(b.holder(gone1)).isEmpty();
        assertThat(b.holder(expired)).isEmpty();
        assertThat(b.holder(released)).isEmpty();
        assertThat(b.holder(Subject.of("never-claimed"))).isEmpty();
        assertThat(b.holder(held)).contains(holders.get(0));
    }

    @Test
    void shouldRejectStaleTokensWhenANewerTenureWasAccepted() {
        final Guard first = claimed(a.tryClaim(JOB, "worker-a", TTL));
        final Fence fenceOfA = a.fence(JOB);
        assertThat(fenceOfA.accept(first.fenceToken())).isTrue();
        clock.advance(TTL.toMillis());
        final Guard second = claimed(b.tryClaim(JOB, "worker-b", TTL));
        final Fence fenceOfB = b.fence(JOB);

        assertThat(fenceOfB.current()).isEqualTo(first.fenceToken());
        assertThat(fenceOfB.accept(second.fenceToken())).isTrue();

        assertThat(fenceOfA.accept(first.fenceToken())).isFalse();
        assertThat(fenceOfA.current()).isEqualTo(second.fenceToken());
        assertThat(fenceOfA.accept(second.fenceToken())).isTrue();
    }

    @Test
    void shouldStartFenceAtZeroWhenNothingWasAccepted() {
        final Fence fence = a.fence(Subject.of("fresh"));

        assertThat(fence.current()).isZero();
        assertThat(fence.accept(3)).isTrue();
        assertThat(fence.accept(2)).isFalse();
        assertThat(b.fence(Subject.of("fresh")).current()).isEqualTo(3);
    }

    @Test
    void shouldKeepSubjectsIndependentWhenKindsOrLabelsDiffer() {
        final Subject kind0 = new Subject(0, "shared-label");
        final Subject kind9 = new Subject(9, "shared-label");
        final Subject other = new Subject(0, "other-label");

        final Guard g0 = claimed(a.tryClaim(kind0, "a", TTL));
        final Guard g9 = claimed(b.tryClaim(kind9, "b", TTL));
        final Guard gOther = claimed(b.tryClaim(other, "b", TTL));

        assertThat(List.of(g0.isHeld(), g9.isHeld(), gOther.isHeld())).containsOnly(true);
        assertThat(a.holder(kind9)).hasValueSatisfying(h -> assertThat(h.subject()).isEqualTo(kind9));
        assertThat(a.holders()).extracting(Holder::subject).containsExactlyInAnyOrder(kind0, kind9, other);
        final long kind9Mark = a.fence(kind9).current();
        assertThat(kind9Mark).as("placed with the newest token drawn before its claim").isLessThan(g9.fenceToken());
        assertThat(a.fence(kind0).accept(5)).isTrue();
        assertThat(a.fence(kind9).current()).isEqualTo(kind9Mark);
    }

    @Test
    void shouldMergeSubjectsIntoOneLockWhenTheirHashesCollide() {
        final Contest x = new TableContest(table, 1, gone::contains, clock, null, s -> 42L);
        final Contest y = new TableContest(table, 2, gone::contains, clock, null, s -> 42L);
        final Subject first = Subject.of("first");
        final Subject second = new Subject(3, "second");
        final Guard guard = claimed(x.tryClaim(first, "x", TTL));

        final Holder holder = yielded(y.tryClaim(second, "y", TTL));

        assertThat(holder.subject()).isEqualTo(first);
        assertThat(holder.nodeId()).isEqualTo(1);
        assertThat(yielded(x.tryClaim(second, "x-again", TTL)).fenceToken()).isEqualTo(guard.fenceToken());
        guard.close();
        final Guard next = claimed(y.tryClaim(second, "y", TTL));
        assertThat(x.holders()).extracting(Holder::subject).containsExactly(second);
        assertThat(next.fenceToken()).isGreaterThan(guard.fenceToken());
    }

    @Test
    void shouldStoreSubjectsWhoseHashIsZero() {
        final Contest x = new TableContest(table, 1, gone::contains, clock, null, s -> 0L);

        final Guard guard = claimed(x.tryClaim(JOB, "x", TTL));

        assertThat(x.holder(JOB)).hasValueSatisfying(h -> assertThat(h.fenceToken()).isEqualTo(guard.fenceToken()));
    }

    @Test
    void shouldThrowNamingTheSlotCountOnlyWhenThatManyClaimsAreHeldAtOnce() {
        table = newTable(4);
        final Contest small = process(1);
        final Contest other = process(2);
        for (int i = 0; i < 40; i++) {
            claimed(small.tryClaim(Subject.of("used-once-" + i), "a", TTL)).close();
        }
        final List<Guard> held = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(claimed((i % 2 == 0 ? small : other).tryClaim(Subject.of("subject-" + i), "a", TTL)));
        }

        assertThatThrownBy(() -> small.tryClaim(Subject.of("subject-4"), "a", TTL))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("claims table full")
            .hasMessageContaining("all 4 claim slots hold a live claim")
            .hasMessageContaining("subject=0/subject-4")
            .hasMessageContaining("held at the same time")
            .hasMessageContaining("FleetBuilder.claimSlots")
            .hasMessageContaining("orbit.claims.slots");
        assertThat(small.holder(Subject.of("subject-4"))).isEmpty();
        assertThat(yielded(other.tryClaim(Subject.of("subject-0"), "b", TTL)).nodeId()).isEqualTo(1);

        held.get(1).close();
        final Guard fifth = claimed(small.tryClaim(Subject.of("subject-4"), "a", TTL));
        assertThat(small.holders()).extracting(Holder::subject).containsExactlyInAnyOrder(
            Subject.of("subject-0"), Subject.of("subject-2"), Subject.of("subject-3"), Subject.of("subject-4"));
        assertThat(fifth.fenceToken()).isGreaterThan(held.get(3).fenceToken());

        clock.advance(TTL.toMillis());
        assertThat(claimed(other.tryClaim(Subject.of("subject-5"), "b", TTL)).isHeld())
            .as("an expired claim's slot is reused").isTrue();
        assertThat(held.get(0).renew(TTL) && held.get(2).renew(TTL) && held.get(3).renew(TTL) && fifth.renew(TTL))
            .as("one of the expired claims lost its slot to subject-5").isFalse();
    }

    @Test
    void shouldRejectTheOwnerWhenNullOrLongerThan64Bytes() {
        final String longest = "o".repeat(62) + "\u00e9";
        assertThat(a.tryClaim(JOB, longest, TTL).isClaimed()).isTrue();
        assertThat(a.holder(JOB)).hasValueSatisfying(h -> assertThat(h.owner()).isEqualTo(longest));

        assertThatThrownBy(() -> b.tryClaim(Subject.of("x"), "o".repeat(63) + "\u00e9", TTL))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("owner too long: length=65 bytes, max=64");
        assertThatThrownBy(() -> b.tryClaim(Subject.of("x"), null, TTL))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("owner");
    }

    @Test
    void shouldRejectTheTtlWhenZeroNegativeOrNull() {
        assertThatThrownBy(() -> a.tryClaim(JOB, "a", Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("ttl must be positive: ttl=PT0S");
        assertThatThrownBy(() -> a.tryClaim(JOB, "a", Duration.ofMillis(-5)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("ttl must be positive: ttl=PT-0.005S");
        assertThatThrownBy(() -> a.tryClaim(JOB, "a", null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("ttl must be positive: ttl=null");
        final Guard guard = claimed(a.tryClaim(JOB, "a", TTL));
        assertThatThrownBy(() -> guard.renew(Duration.ofSeconds(-1)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("ttl must be positive: ttl=PT-1S");
        assertThat(a.stats().claimed()).isEqualTo(1);
    }

    @Test
    void shouldRoundUpSubMillisecondTtlsAndClampHugeOnes() {
        final Guard tiny = claimed(a.tryClaim(JOB, "a", Duration.ofNanos(1)));
        assertThat(tiny.expiresAtMs()).isEqualTo(START_MS + 1);
        tiny.close();

        final Guard huge = claimed(a.tryClaim(JOB, "a", Duration.ofSeconds(Long.MAX_VALUE)));

        assertThat(huge.expiresAtMs()).isEqualTo(LockWord.EPOCH_MS + LockWord.MAX_HELD_EXPIRY);
        assertThat(huge.isHeld()).isTrue();
    }

    @Test
    void shouldReportAHolderWithATokenFromItsTagWhenItsDetailsAreNotYetWritten() {
        claimed(a.tryClaim(JOB, "worker-a", TTL)).close();
        final int bucket = bucketOf(JOB);
        final long token = 70_000;
        table.putLong(ClaimsDescriptor.FENCE_COUNTER_OFFSET, token + 3);
        table.putLong(bucket + ClaimsDescriptor.LOCK_OFFSET, LockWord.held(START_MS + 5000, 3, token));

        final Holder holder = yielded(b.tryClaim(JOB, "worker-b", TTL));

        assertThat(holder).isEqualTo(new Holder(JOB, 3, "", token, START_MS + 5000));
        assertThat(b.holders()).isEmpty();
    }

    @Test
    void shouldNotMixDetailsWhenAStalledLiveWriterStillHoldsThem() {
        claimed(a.tryClaim(JOB, "worker-a", TTL)).close();
        final int bucket = bucketOf(JOB);
        final long stalled = DetailsWord.of(LockWord.held(START_MS, 5, 1), DetailsWord.WRITING);
        table.putLong(bucket + ClaimsDescriptor.DETAILS_OFFSET, stalled);

        final Guard guard = claimed(a.tryClaim(JOB, "worker-a2", TTL));

        assertThat(table.getLong(bucket + ClaimsDescriptor.DETAILS_OFFSET)).isEqualTo(stalled);
        assertThat(yielded(b.tryClaim(JOB, "worker-b", TTL)))
            .isEqualTo(new Holder(JOB, 1, "", guard.fenceToken(), guard.expiresAtMs()));
        assertThat(b.holders()).isEmpty();
        guard.close();
        gone.add(5);

        final Guard next = claimed(a.tryClaim(JOB, "worker-a3", TTL));

        assertThat(b.holder(JOB)).hasValueSatisfying(h -> assertThat(h.owner()).isEqualTo("worker-a3"));
        assertThat(DetailsWord.isPublishedFor(table.getLong(bucket + ClaimsDescriptor.DETAILS_OFFSET),
            table.getLong(bucket + ClaimsDescriptor.LOCK_OFFSET))).isTrue();
        assertThat(next.isHeld()).isTrue();
    }

    @Test
    void shouldEmptyDetailsLeftWritingWhenANodeIdIsReclaimed() {
        claimed(a.tryClaim(JOB, "worker-a", TTL)).close();
        final int bucket = bucketOf(JOB);
        table.putLong(bucket + ClaimsDescriptor.DETAILS_OFFSET,
            DetailsWord.of(LockWord.held(START_MS, 5, 1), DetailsWord.WRITING));

        assertThat(Contests.releaseClaimsOf(table, 5)).isZero();

        assertThat(table.getLong(bucket + ClaimsDescriptor.DETAILS_OFFSET)).isEqualTo(DetailsWord.EMPTY);
        claimed(a.tryClaim(JOB, "worker-a2", TTL));
        assertThat(b.holder(JOB)).hasValueSatisfying(h -> assertThat(h.owner()).isEqualTo("worker-a2"));
    }

    @Test
    void shouldFreeTheClaimsOfANodeWhenItsIdIsReclaimed() {
        final Guard one = claimed(a.tryClaim(Subject.of("one"), "a", TTL));
        claimed(a.tryClaim(Subject.of("two"), "a", TTL));
        final Guard other = claimed(b.tryClaim(Subject.of("three"), "b", TTL));

        assertThat(Contests.releaseClaimsOf(table, 1)).isEqualTo(2);

        final Contest reborn = process(1);
        assertThat(reborn.tryClaim(Subject.of("one"), "a2", TTL).isClaimed()).isTrue();
        assertThat(one.isHeld()).isFalse();
        assertThat(other.isHeld()).isTrue();
    }

    @Test
    void shouldCountEveryOutcome() {
        final Guard guard = claimed(a.tryClaim(JOB, "a", TTL));
        yielded(b.tryClaim(JOB, "b", TTL));
        guard.renew(TTL);
        guard.close();
        claimed(b.tryClaim(JOB, "b", Duration.ofMillis(1)));
        clock.advance(1);
        final Guard taken = claimed(a.tryClaim(JOB, "a", TTL));
        taken.close();

        assertThat(a.stats()).isEqualTo(new ContestStats(2, 0, 1, 2, 1, 0));
        assertThat(b.stats()).isEqualTo(new ContestStats(1, 1, 0, 0, 0, 0));
    }

    @Test
    void shouldRejectInvalidConstructionNamingTheValue() {
        assertThatThrownBy(() -> Contests.over(table, 256, n -> false, clock, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("nodeId=256");
        assertThatThrownBy(() -> Contests.over(ByteBuffer.allocate(4096), 1, n -> false, clock, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("direct");
        final ByteBuffer blank = ByteBuffer.allocateDirect(4096);
        assertThatThrownBy(() -> Contests.over(blank, 1, n -> false, clock, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not initialised");
        final ByteBuffer small = ByteBuffer.allocateDirect(512).alignedSlice(64);
        small.order(ByteOrder.LITTLE_ENDIAN).putInt(ClaimsDescriptor.BUCKET_COUNT_OFFSET, 16);
        assertThatThrownBy(() -> Contests.over(small, 1, n -> false, clock, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("buffer too small for claims table")
            .hasMessageContaining("buckets=16");
        assertThatThrownBy(() -> Contests.over(table, 1, null, clock, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("isGone=null");
    }

    @Test
    void shouldThrowWhenTheClockReadsBeforeTheClaimsEpoch() {
        clock.update(0);

        assertThatThrownBy(() -> a.tryClaim(JOB, "a", TTL))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("nowMs=0");
    }

    private int bucketOf(final Subject subject) {
        final long hash = ClaimsTable.nonZero(TableContest.hashOf(subject));
        for (int i = 0; i < ClaimsDescriptor.bucketsOf(table); i++) {
            if (table.getLong(ClaimsDescriptor.bucketOffset(i) + ClaimsDescriptor.HASH_OFFSET) == hash) {
                return ClaimsDescriptor.bucketOffset(i);
            }
        }
        throw new AssertionError("no bucket for " + subject);
    }
}
