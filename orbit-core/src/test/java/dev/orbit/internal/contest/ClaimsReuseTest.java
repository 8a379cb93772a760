package dev.orbit.internal.contest;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Fence;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;
import dev.orbit.testsupport.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A claims table whose buckets are reused: claim slots bound the subjects held at once, never the subjects
 * ever used, and a re-keyed bucket never lets a subject have two holders, two buckets, or a stale token.
 */
class ClaimsReuseTest {

    private static final Duration TTL = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock(0);
    private final Set<Integer> gone = ConcurrentHashMap.newKeySet();
    private ByteBuffer table;

    @BeforeEach
    void setUp() {
        clock.update(ContestTest.START_MS);
        table = ContestTest.newTable(16);
    }

    private Contest process(final int node) {
        return Contests.over(table, node, gone::contains, clock, null);
    }

    @Test
    void shouldServeAHundredTimesItsSlotsOfDistinctSubjects() {
        final Contest a = process(1);
        final Contest b = process(2);
        final List<Guard> held = new ArrayList<>();
        for (int i = 0; i < 1600; i++) {
            final Subject subject = Subject.of("job-" + i);
            final Guard guard = ((Claimed)a.tryClaim(subject, "a", TTL)).guard();
            assertThat(b.tryClaim(subject, "b", TTL)).isInstanceOf(YieldTo.class);
            held.add(guard);
            if (held.size() == 15) {
                held.remove(0).close();
            }
        }
        assertThat(a.holders()).hasSize(14);
        assertThat(placedHashes()).as("every placed subject in exactly one bucket").doesNotHaveDuplicates();
    }

    @Test
    void shouldRefuseATokenOfAnEarlierPlacementOnceTheSubjectMoved() {
        final Contest a = process(1);
        final Subject subject = Subject.of("report");
        final Guard first = ((Claimed)a.tryClaim(subject, "a", TTL)).guard();
        assertThat(a.fence(subject).accept(first.fenceToken())).isTrue();
        final int bucket = bucketOf(subject);
        first.close();

        final List<Guard> others = new ArrayList<>();
        for (int i = 0; i < 16 && bucketOf(subject) == bucket; i++) {
            others.add(((Claimed)a.tryClaim(Subject.of("other-" + i), "a", TTL)).guard());
        }
        assertThat(bucketOf(subject)).as("the subject's bucket was taken for another subject").isNotEqualTo(bucket);
        others.forEach(Guard::close);

        final Fence fence = process(2).fence(subject);
        assertThat(fence.accept(first.fenceToken())).as("a token of the tenure before the move").isFalse();
        final Guard second = ((Claimed)a.tryClaim(subject, "a", TTL)).guard();
        assertThat(second.fenceToken()).isGreaterThan(first.fenceToken());
        assertThat(fence.accept(second.fenceToken())).isTrue();
        assertThat(fence.accept(first.fenceToken())).isFalse();
        assertThat(fence.current()).isEqualTo(second.fenceToken());
    }

    @Test
    void shouldLoseTheSubjectWhenItsExpiredClaimsSlotWasTakenForAnother() {
        table = ContestTest.newTable(1);
        final Contest a = process(1);
        final Contest b = process(2);
        final Guard expired = ((Claimed)a.tryClaim(Subject.of("old"), "a", Duration.ofMillis(5))).guard();
        clock.advance(5);

        final Guard taken = ((Claimed)b.tryClaim(Subject.of("new"), "b", TTL)).guard();

        assertThat(expired.renew(TTL)).isFalse();
        assertThat(expired.isHeld()).isFalse();
        expired.close();
        assertThat(taken.isHeld()).isTrue();
        assertThat(a.holder(Subject.of("old"))).isEmpty();
        assertThat(a.holder(Subject.of("new"))).hasValueSatisfying(h -> assertThat(h.nodeId()).isEqualTo(2));
        assertThat(a.stats().lost()).isEqualTo(2);
    }

    @Test
    void shouldTakeOverASlotLeftRekeyingByAProcessThatDied() {
        table = ContestTest.newTable(2);
        final Contest a = process(1);
        final Subject subject = Subject.of("job");
        ((Claimed)a.tryClaim(subject, "a", TTL)).guard().close();
        final int bucket = bucketOf(subject);
        table.putLong(bucket + ClaimsDescriptor.LOCK_OFFSET, LockWord.rekeying(5));
        gone.add(5);

        final Guard again = ((Claimed)a.tryClaim(subject, "a", TTL)).guard();
        final Guard second = ((Claimed)a.tryClaim(Subject.of("another"), "a", TTL)).guard();

        assertThat(again.isHeld()).isTrue();
        assertThat(second.isHeld()).isTrue();
        assertThat(placedHashes()).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void shouldEmptyASlotLeftRekeyingAndFreeTheHomeLockWhenTheNodeIdIsReclaimed() {
        table = ContestTest.newTable(2);
        final Contest a = process(1);
        final Subject subject = Subject.of("job");
        ((Claimed)a.tryClaim(subject, "a", TTL)).guard().close();
        final int bucket = bucketOf(subject);
        final long hash = table.getLong(bucket + ClaimsDescriptor.HASH_OFFSET);
        final int home = ClaimsDescriptor.bucketOffset((int)hash & 1);
        table.putLong(bucket + ClaimsDescriptor.LOCK_OFFSET, LockWord.rekeying(1));
        table.putLong(home + ClaimsDescriptor.HOME_LOCK_OFFSET, 2L);

        Contests.releaseClaimsOf(table, 1);

        assertThat(table.getLong(bucket + ClaimsDescriptor.HASH_OFFSET)).isZero();
        assertThat(LockWord.isFree(table.getLong(bucket + ClaimsDescriptor.LOCK_OFFSET))).isTrue();
        assertThat(table.getLong(home + ClaimsDescriptor.HOME_LOCK_OFFSET)).isZero();
        final Contest reborn = process(1);
        assertThat(reborn.tryClaim(subject, "a2", TTL).isClaimed()).isTrue();
        assertThat(reborn.tryClaim(Subject.of("another"), "a2", TTL).isClaimed()).isTrue();
    }

    @Test
    void shouldNeverHaveTwoHoldersWhileThreadsChurnThroughManyMoreSubjectsThanSlots() throws Exception {
        final int threads = 4;
        final Map<Subject, AtomicInteger> inside = new ConcurrentHashMap<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicInteger claims = new AtomicInteger();
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final Contest contest = process(t + 1);
            workers.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 4000; i++) {
                        final Subject subject = Subject.of("s-" + (i % 400));
                        final ClaimResult result = contest.tryClaim(subject, "w", TTL);
                        if (result instanceof Claimed claimed) {
                            final AtomicInteger count = inside.computeIfAbsent(subject, s -> new AtomicInteger());
                            if (count.incrementAndGet() != 1) {
                                throw new AssertionError("two holders of " + subject);
                            }
                            claims.incrementAndGet();
                            count.decrementAndGet();
                            claimed.guard().close();
                        }
                    }
                }
                catch (final Throwable ex) {
                    failure.compareAndSet(null, ex);
                }
            }, "churn-" + t));
        }
        workers.forEach(Thread::start);
        start.countDown();
        for (final Thread worker : workers) {
            worker.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(claims.get()).isGreaterThanOrEqualTo(4000);
        assertThat(placedHashes()).doesNotHaveDuplicates();
    }

    private List<Long> placedHashes() {
        final int buckets = ClaimsDescriptor.bucketsOf(table);
        final List<Long> hashes = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            final int bucket = ClaimsDescriptor.bucketOffset(i);
            final long hash = table.getLong(bucket + ClaimsDescriptor.HASH_OFFSET);
            if (hash != 0 && !LockWord.isRekeying(table.getLong(bucket + ClaimsDescriptor.LOCK_OFFSET))) {
                hashes.add(hash);
            }
        }
        return hashes;
    }

    private int bucketOf(final Subject subject) {
        final long hash = ClaimsTable.nonZero(TableContest.hashOf(subject));
        final Map<Integer, Long> found = new HashMap<>();
        final int buckets = ClaimsDescriptor.bucketsOf(table);
        for (int i = 0; i < buckets; i++) {
            final int bucket = ClaimsDescriptor.bucketOffset(i);
            if (table.getLong(bucket + ClaimsDescriptor.HASH_OFFSET) == hash &&
                !LockWord.isRekeying(table.getLong(bucket + ClaimsDescriptor.LOCK_OFFSET))) {
                found.put(bucket, hash);
            }
        }
        assertThat(found.size()).as("buckets holding %s", subject).isLessThanOrEqualTo(1);
        return found.isEmpty() ? -1 : found.keySet().iterator().next();
    }
}
