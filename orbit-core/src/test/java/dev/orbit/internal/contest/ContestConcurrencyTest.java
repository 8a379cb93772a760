package dev.orbit.internal.contest;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Fence;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Holder;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;

import static org.assertj.core.api.Assertions.assertThat;

class ContestConcurrencyTest {

    private static final int THREADS = 4;
    private static final int ROUNDS = 2_000;
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Subject SUBJECT = Subject.of("the-one-job");

    @Test
    void shouldNeverHaveTwoHoldersAndAlwaysRaiseTheFenceTokenWhenFourInstancesContend() throws Exception {
        final ByteBuffer table = ContestTest.newTable(8);
        final Contest[] contests = new Contest[THREADS];
        for (int node = 0; node < THREADS; node++) {
            contests[node] = Contests.over(table, node, n -> false, SystemEpochClock.INSTANCE, null);
        }
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger maxInside = new AtomicInteger();
        final AtomicLong lastToken = new AtomicLong();
        final AtomicInteger inversions = new AtomicInteger();
        final AtomicInteger staleFences = new AtomicInteger();
        final AtomicInteger mismatchedHolders = new AtomicInteger();
        final String[] owners = {"n0", "node-one", "the-third-node-2", "x".repeat(40) + "-3"};
        final CountDownLatch start = new CountDownLatch(1);
        final ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            final List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final Contest contest = contests[t];
                final String owner = owners[t];
                futures.add(executor.submit(() -> {
                    final Fence fence = contest.fence(SUBJECT);
                    start.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        ClaimResult result;
                        while (!(result = contest.tryClaim(SUBJECT, owner, TTL)).isClaimed()) {
                            final Holder holder = ((YieldTo)result).holder();
                            final String shown = holder.owner();
                            if (!holder.subject().equals(SUBJECT) ||
                                !(shown.isEmpty() || shown.equals(owners[holder.nodeId()]))) {
                                mismatchedHolders.incrementAndGet();
                            }
                            Thread.onSpinWait();
                        }
                        try (Guard guard = ((Claimed)result).guard()) {
                            final int now = inside.incrementAndGet();
                            maxInside.accumulateAndGet(now, Math::max);
                            if (guard.fenceToken() <= lastToken.get()) {
                                inversions.incrementAndGet();
                            }
                            lastToken.set(guard.fenceToken());
                            if (!fence.accept(guard.fenceToken())) {
                                staleFences.incrementAndGet();
                            }
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (final Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        }
        finally {
            executor.shutdownNow();
        }

        assertThat(maxInside.get()).isEqualTo(1);
        assertThat(inversions.get()).isZero();
        assertThat(staleFences.get()).isZero();
        assertThat(mismatchedHolders.get()).isZero();
        long claimed = 0;
        long released = 0;
        for (final Contest contest : contests) {
            claimed += contest.stats().claimed();
            released += contest.stats().released();
            assertThat(contest.stats().lost()).isZero();
        }
        assertThat(claimed).isEqualTo((long)THREADS * ROUNDS);
        assertThat(released).isEqualTo(claimed);
        assertThat(contests[0].holder(SUBJECT)).isEmpty();
        assertThat(contests[0].fence(SUBJECT).current()).isEqualTo(lastToken.get());
    }
}
