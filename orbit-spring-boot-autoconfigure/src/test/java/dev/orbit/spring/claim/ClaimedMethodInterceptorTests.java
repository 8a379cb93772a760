package dev.orbit.spring.claim;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Contest;
import dev.orbit.contest.ContestStats;
import dev.orbit.contest.Fence;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Holder;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.scheduling.OrbitScheduler;
import dev.orbit.testsupport.Await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ClaimedMethodInterceptor}: the claim is released whatever happens, and a renewal racing the
 * release is not reported as a lost claim.
 */
class ClaimedMethodInterceptorTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<String> outcomes = new CopyOnWriteArrayList<>();

    private final OrbitMeters meters = new OrbitMeters() {

        @Override
        public void claim(String outcome) {
            ClaimedMethodInterceptorTests.this.outcomes.add(outcome);
        }

    };

    private Fleet fleet;

    private OrbitScheduler scheduler;

    @BeforeEach
    void joinFleet() {
        this.fleet = Fleet.builder().name(OrbitTestSupport.uniqueFleetName()).join();
        this.scheduler = new OrbitScheduler();
    }

    @AfterEach
    void leaveFleet() {
        this.scheduler.destroy();
        this.fleet.close();
    }

    private Job proxy(Job target, Contest contest, OrbitScheduler scheduler) {
        ClaimSubjectResolver resolver = new ClaimSubjectResolver(new DefaultListableBeanFactory());
        ClaimedOperationSource operations = new ClaimedOperationSource(resolver);
        ClaimedMethodInterceptor.Settings settings = new ClaimedMethodInterceptor.Settings(contest, scheduler,
                Duration.ofSeconds(30), true, () -> this.meters);
        ProxyFactory factory = new ProxyFactory(target);
        factory.setProxyTargetClass(true);
        factory.addAdvice(new ClaimedMethodInterceptor(operations, resolver, () -> settings));
        return (Job) factory.getProxy();
    }

    @Test
    void shouldReleaseClaimWhenRenewalCannotBeScheduled() {
        OrbitScheduler stopped = new OrbitScheduler();
        stopped.destroy();
        Job target = new Job();
        Job job = proxy(target, this.fleet.contest(), stopped);
        assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(job::run);
        assertThat(target.runs).hasValue(0);
        assertThat(this.fleet.contest().holder(Subject.of("job"))).as("the claim was released").isEmpty();
        assertThat(this.outcomes).containsExactly("claimed", "released");
    }

    @Test
    void shouldNotReportLostClaimWhenRenewalRacesTheRelease() throws Exception {
        CountDownLatch renewing = new CountDownLatch(1);
        CountDownLatch letRenewalFinish = new CountDownLatch(1);
        AtomicInteger renewals = new AtomicInteger();
        Contest contest = new GuardWrappingContest(this.fleet.contest(), (guard) -> new DelegatingGuard(guard) {

            @Override
            public boolean renew(Duration ttl) {
                if (renewals.incrementAndGet() == 1) {
                    renewing.countDown();
                    await(letRenewalFinish);
                }
                return super.renew(ttl);
            }

        });
        Job target = new Job();
        target.before = () -> await(renewing);
        Job job = proxy(target, contest, this.scheduler);
        job.fast();
        assertThat(this.fleet.contest().holder(Subject.of("fast"))).isEmpty();
        letRenewalFinish.countDown();
        awaitSchedulerIdle();
        assertThat(renewals).hasValue(1);
        assertThat(this.outcomes).as("the renewal that returned false after the release is not a loss")
            .containsExactly("claimed", "released");
    }

    @Test
    void shouldStillReportClaimLostWhileMethodRuns() throws Exception {
        CountDownLatch lost = new CountDownLatch(1);
        Contest contest = new GuardWrappingContest(this.fleet.contest(), (guard) -> new DelegatingGuard(guard) {

            @Override
            public boolean renew(Duration ttl) {
                lost.countDown();
                return false;
            }

        });
        Job target = new Job();
        target.before = () -> Await.until(TIMEOUT, () -> this.outcomes.contains("lost"), "the loss");
        Job job = proxy(target, contest, this.scheduler);
        job.fast();
        assertThat(lost.await(0, TimeUnit.SECONDS)).isTrue();
        assertThat(this.outcomes).containsExactly("claimed", "lost", "released");
    }

    /**
     * Runs a no-op on the scheduler's single thread and waits for it: every task started before has ended.
     */
    private void awaitSchedulerIdle() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        ScheduledFuture<?> marker = this.scheduler.scheduleAtFixedRate(ran::countDown, Duration.ofMillis(1));
        try {
            assertThat(ran.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        finally {
            marker.cancel(false);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    public static class Job {

        final AtomicInteger runs = new AtomicInteger();

        volatile Runnable before = () -> {
        };

        @Claimed("job")
        public void run() {
            this.runs.incrementAndGet();
        }

        @Claimed(value = "fast", ttl = "30ms")
        public void fast() {
            this.before.run();
            this.runs.incrementAndGet();
        }

    }

    /**
     * Wraps the guards of successful claims.
     */
    private static final class GuardWrappingContest implements Contest {

        private final Contest delegate;

        private final Function<Guard, Guard> wrapper;

        GuardWrappingContest(Contest delegate, Function<Guard, Guard> wrapper) {
            this.delegate = delegate;
            this.wrapper = wrapper;
        }

        @Override
        public ClaimResult tryClaim(Subject subject, String owner, Duration ttl) {
            ClaimResult result = this.delegate.tryClaim(subject, owner, ttl);
            return (result instanceof dev.orbit.contest.Claimed claimed)
                    ? new dev.orbit.contest.Claimed(this.wrapper.apply(claimed.guard())) : result;
        }

        @Override
        public Optional<Holder> holder(Subject subject) {
            return this.delegate.holder(subject);
        }

        @Override
        public List<Holder> holders() {
            return this.delegate.holders();
        }

        @Override
        public Fence fence(Subject subject) {
            return this.delegate.fence(subject);
        }

        @Override
        public ContestStats stats() {
            return this.delegate.stats();
        }

    }

    private static class DelegatingGuard implements Guard {

        private final Guard delegate;

        DelegatingGuard(Guard delegate) {
            this.delegate = delegate;
        }

        @Override
        public Subject subject() {
            return this.delegate.subject();
        }

        @Override
        public long fenceToken() {
            return this.delegate.fenceToken();
        }

        @Override
        public boolean renew(Duration ttl) {
            return this.delegate.renew(ttl);
        }

        @Override
        public boolean isHeld() {
            return this.delegate.isHeld();
        }

        @Override
        public long expiresAtMs() {
            return this.delegate.expiresAtMs();
        }

        @Override
        public void close() {
            this.delegate.close();
        }

    }

}
