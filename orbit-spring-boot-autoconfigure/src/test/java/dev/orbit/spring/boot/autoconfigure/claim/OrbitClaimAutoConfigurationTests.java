package dev.orbit.spring.boot.autoconfigure.claim;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Holder;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.claim.ClaimYieldedException;
import dev.orbit.spring.claim.Claimed;
import dev.orbit.spring.claim.ClaimedAdvisor;
import dev.orbit.spring.claim.CompiledJobs;
import dev.orbit.spring.claim.OnYield;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.Background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link OrbitClaimAutoConfiguration} and {@link Claimed} methods.
 */
@SuppressWarnings("try")
class OrbitClaimAutoConfigurationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
        .withPropertyValues(OrbitTestSupport.inProcess());

    @Test
    void shouldRunMethodWhileHoldingClaimAndReleaseAfter() {
        this.contextRunner.withUserConfiguration(JobsConfiguration.class).run((context) -> {
            Jobs jobs = context.getBean(Jobs.class);
            Contest contest = context.getBean(Contest.class);
            assertThat(jobs.report()).isEqualTo("done");
            assertThat(jobs.lastHolder().owner()).isEqualTo("Jobs.report");
            assertThat(jobs.lastHolder().nodeId()).isEqualTo(context.getBean(Fleet.class).nodeId());
            assertThat(contest.holder(Subject.of("report"))).isEmpty();
        });
    }

    @Test
    void shouldReleaseClaimWhenMethodThrows() {
        this.contextRunner.withUserConfiguration(JobsConfiguration.class).run((context) -> {
            Jobs jobs = context.getBean(Jobs.class);
            assertThatExceptionOfType(IllegalStateException.class).isThrownBy(jobs::failing);
            assertThat(context.getBean(Contest.class).holder(Subject.of("failing"))).isEmpty();
        });
    }

    @Test
    void shouldSkipWhenAnotherProcessHoldsTheClaim() {
        this.contextRunner.withUserConfiguration(JobsConfiguration.class).run((context) -> {
            Jobs jobs = context.getBean(Jobs.class);
            try (Guard guard = holdElsewhere(context, "report")) {
                assertThat(jobs.report()).isNull();
                assertThat(jobs.optional()).isEmpty();
                jobs.voidJob();
                assertThat(jobs.runs()).isZero();
            }
            assertThat(jobs.report()).isEqualTo("done");
        });
    }

    @Test
    void shouldThrowNamingTheHolderWhenAsked() {
        this.contextRunner.withUserConfiguration(JobsConfiguration.class).run((context) -> {
            Jobs jobs = context.getBean(Jobs.class);
            try (Guard guard = holdElsewhere(context, "strict")) {
                assertThatExceptionOfType(ClaimYieldedException.class).isThrownBy(jobs::strict)
                    .withMessageContaining("claim 'strict' is held by node")
                    .withMessageContaining("owner=elsewhere")
                    .withMessageContaining("expiresAt=")
                    .satisfies((ex) -> assertThat(ex.getHolder().owner()).isEqualTo("elsewhere"));
            }
        });
    }

    @Test
    void shouldResolveSubjectFromArguments() {
        this.contextRunner.withUserConfiguration(JobsConfiguration.class).run((context) -> {
            Jobs jobs = context.getBean(Jobs.class);
            try (Guard guard = holdElsewhere(context, "region-eu")) {
                assertThat(jobs.region("eu")).isNull();
                assertThat(jobs.region("us")).isEqualTo("us");
            }
        });
    }

    @Test
    void shouldWorkAsMetaAnnotation() {
        this.contextRunner.withUserConfiguration(JobsConfiguration.class).run((context) -> {
            Jobs jobs = context.getBean(Jobs.class);
            try (Guard guard = holdElsewhere(context, "nightly")) {
                assertThat(jobs.nightly()).isNull();
            }
            assertThat(jobs.nightly()).isEqualTo("nightly");
        });
    }

    @Test
    void shouldRenewClaimWhileMethodRuns() {
        this.contextRunner.withUserConfiguration(JobsConfiguration.class).run((context) -> {
            Jobs jobs = context.getBean(Jobs.class);
            Contest contest = context.getBean(Contest.class);
            CompletableFuture<Void> running = Background.run(jobs::longRunning);
            Await.until(TIMEOUT, () -> contest.holder(Subject.of("long")).isPresent(), "the claim");
            long firstExpiry = contest.holder(Subject.of("long")).get().expiresAtMs();
            Await.until(TIMEOUT,
                    () -> contest.holder(Subject.of("long")).map(Holder::expiresAtMs).orElse(0L) > firstExpiry,
                    "a renewal");
            jobs.finish();
            running.get(10, TimeUnit.SECONDS);
            assertThat(contest.holder(Subject.of("long"))).isEmpty();
        });
    }

    @Test
    void shouldRejectPrimitiveReturnTypeWithSkipAtStartup() {
        this.contextRunner.withUserConfiguration(PrimitiveConfiguration.class)
            .run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                .hasMessageContaining("@Claimed method " + PrimitiveJob.class.getName() + ".count()")
                .hasMessageContaining("returns int")
                .hasMessageContaining("onYield = OnYield.THROW"));
    }

    @Test
    void shouldRejectBadTtlAtStartup() {
        this.contextRunner.withUserConfiguration(BadTtlConfiguration.class)
            .run((context) -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining("@Claimed method " + BadTtlJob.class.getName() + ".run() has ttl=\"soon\""));
    }

    @Test
    void shouldClaimScheduledMethods() {
        this.contextRunner.withUserConfiguration(ScheduledConfiguration.class).run((context) -> {
            ScheduledJob job = context.getBean(ScheduledJob.class);
            Await.until(TIMEOUT, () -> job.runs() >= 2, "scheduled runs");
            try (Guard guard = holdElsewhere(context, "tick")) {
                int before = job.runs();
                int attemptsBefore = job.attempts();
                Await.until(TIMEOUT, () -> job.attempts() >= attemptsBefore + 3, "skipped attempts");
                assertThat(job.runs()).isEqualTo(before);
            }
        });
    }

    @Test
    void shouldClaimWithoutAspectJ() {
        this.contextRunner.withUserConfiguration(JobsConfiguration.class)
            .withClassLoader(new FilteredClassLoader("org.aspectj"))
            .run((context) -> {
                Jobs jobs = context.getBean(Jobs.class);
                try (Guard guard = holdElsewhere(context, "report")) {
                    assertThat(jobs.report()).isNull();
                }
                assertThat(jobs.report()).isEqualTo("done");
            });
    }

    @Test
    void shouldBackOffWithoutContest() {
        this.contextRunner.withPropertyValues("orbit.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(ClaimedAdvisor.class));
    }

    @Test
    void shouldFailStartupForANamedSubjectVariableOfAClassCompiledWithoutParameterNames() {
        try (CompiledJobs jobs = CompiledJobs.compile(false)) {
            this.contextRunner.withClassLoader(jobs.classLoader())
                .withBean("byName", Object.class, () -> jobs.instance("ByName"))
                .run((context) -> assertThat(context).getFailure()
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(CompiledJobs.PACKAGE + ".ByName.rebuild()")
                    .hasMessageContaining("rebuild-#{#region}")
                    .hasMessageContaining("-parameters")
                    .hasMessageContaining("#p0"));
        }
    }

    @Test
    void shouldClaimASubjectByArgumentPositionWithoutParameterNames() {
        try (CompiledJobs jobs = CompiledJobs.compile(false)) {
            this.contextRunner.withClassLoader(jobs.classLoader())
                .withBean("byPosition", Object.class, () -> jobs.instance("ByPosition"))
                .run((context) -> {
                    Object bean = context.getBean("byPosition");
                    Method rebuild = bean.getClass().getMethod("rebuild", String.class, int.class, Runnable.class);
                    Contest contest = context.getBean(Contest.class);
                    AtomicBoolean held = new AtomicBoolean();
                    Object result = rebuild.invoke(bean, "eu", 3,
                            (Runnable) () -> held.set(contest.holder(Subject.of("rebuild-eu-3")).isPresent()));
                    assertThat(result).isEqualTo("eu3");
                    assertThat(held).as("the subject held while the method ran").isTrue();
                });
        }
    }

    @Test
    void shouldKeepTheClaimUntilItsMinimumHoldPassed() {
        this.contextRunner.withUserConfiguration(JobsConfiguration.class).run((context) -> {
            Jobs jobs = context.getBean(Jobs.class);
            Contest contest = context.getBean(Contest.class);
            long before = System.currentTimeMillis();
            jobs.minutely();
            Holder holder = contest.holder(Subject.of("minutely")).orElseThrow(
                    () -> new AssertionError("released on return despite minHold = 1m"));
            assertThat(holder.owner()).isEqualTo("Jobs.minutely");
            assertThat(holder.expiresAtMs()).as("kept, not renewed: about a minute from when it was taken")
                .isBetween(before + Duration.ofSeconds(50).toMillis(), before + Duration.ofSeconds(61).toMillis());
            jobs.minutely();
            assertThat(jobs.runs()).as("a second trigger a moment later is skipped, even in this process")
                .isEqualTo(1);
        });
    }

    @Test
    void shouldReleaseOnReturnWhenTheMinimumHoldAlreadyPassed() {
        this.contextRunner.withUserConfiguration(JobsConfiguration.class).run((context) -> {
            Jobs jobs = context.getBean(Jobs.class);
            jobs.briefMinHold();
            Await.until(TIMEOUT,
                    () -> context.getBean(Contest.class).holder(Subject.of("brief")).isEmpty(),
                    "the 1 ms minimum hold to end");
            jobs.briefMinHold();
            assertThat(jobs.runs()).isEqualTo(2);
        });
    }

    @Test
    void shouldWaitForTheHolderWithinMaxWait() {
        this.contextRunner.withUserConfiguration(JobsConfiguration.class).run((context) -> {
            Jobs jobs = context.getBean(Jobs.class);
            Guard guard = holdElsewhere(context, "patient");
            CompletableFuture<String> waiting = new CompletableFuture<>();
            Thread caller = new Thread(() -> waiting.complete(jobs.patient()), "patient-caller");
            caller.start();
            Await.until(TIMEOUT, () -> caller.getState() == Thread.State.TIMED_WAITING,
                    "the caller to wait for the holder");
            assertThat(jobs.patientCalls()).as("not run while another holds the claim").isZero();
            guard.close();
            assertThat(waiting.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("claimed once the holder released it, within maxWait").isEqualTo("patient");
            assertThat(jobs.patientCalls()).isEqualTo(1);
        });
    }

    @Test
    void shouldYieldAfterMaxWaitWhenTheHolderKeepsIt() {
        this.contextRunner.withUserConfiguration(JobsConfiguration.class).run((context) -> {
            Jobs jobs = context.getBean(Jobs.class);
            try (Guard guard = holdElsewhere(context, "impatient")) {
                long start = System.nanoTime();
                assertThat(jobs.impatient()).isNull();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited its maxWait before yielding")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(200));
            }
            assertThat(jobs.impatient()).isEqualTo("impatient");
        });
    }

    @Test
    void shouldRejectMinHoldLongerThanTtlAtStartup() {
        this.contextRunner.withBean(MinHoldBeyondTtlJob.class)
            .run((context) -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining("has minHold=\"2m\" longer than its ttl=\"1m\"")
                .hasStackTraceContaining("make ttl at least minHold"));
    }

    @Test
    void shouldRejectANegativeMaxWaitAtStartup() {
        this.contextRunner.withBean(NegativeWaitJob.class)
            .run((context) -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining("has maxWait=\"-1s\": it cannot be negative"));
    }

    private static Guard holdElsewhere(AssertableApplicationContext context, String subject) {
        ClaimResult result = context.getBean(Contest.class)
            .tryClaim(Subject.of(subject), "elsewhere", Duration.ofMinutes(1));
        return ((dev.orbit.contest.Claimed) result).guard();
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Claimed(subject = "nightly", ttl = "1m")
    @interface NightlyJob {

    }

    public static class Jobs {

        private final AtomicInteger runs = new AtomicInteger();

        private final AtomicInteger patientCalls = new AtomicInteger();

        private final CountDownLatch finish = new CountDownLatch(1);

        private Contest contest;

        private volatile Holder lastHolder;

        public void setContest(Contest contest) {
            this.contest = contest;
        }

        public int runs() {
            return this.runs.get();
        }

        public void finish() {
            this.finish.countDown();
        }

        public Holder lastHolder() {
            return this.lastHolder;
        }

        @Claimed("report")
        public String report() {
            this.lastHolder = this.contest.holder(Subject.of("report")).orElseThrow();
            return "done";
        }

        @Claimed("report")
        public Optional<String> optional() {
            this.runs.incrementAndGet();
            return Optional.of("ran");
        }

        @Claimed("report")
        public void voidJob() {
            this.runs.incrementAndGet();
        }

        @Claimed(value = "strict", onYield = OnYield.THROW)
        public String strict() {
            return "strict";
        }

        @Claimed("failing")
        public String failing() {
            throw new IllegalStateException("failing");
        }

        @Claimed("region-#{#region}")
        public String region(String region) {
            return region;
        }

        @NightlyJob
        public String nightly() {
            return "nightly";
        }

        @Claimed(value = "minutely", minHold = "1m")
        public void minutely() {
            this.runs.incrementAndGet();
        }

        @Claimed(value = "brief", minHold = "1ms")
        public void briefMinHold() {
            this.runs.incrementAndGet();
        }

        @Claimed(value = "patient", maxWait = "${patient.wait:60s}")
        public String patient() {
            this.patientCalls.incrementAndGet();
            return "patient";
        }

        public int patientCalls() {
            return this.patientCalls.get();
        }

        @Claimed(value = "impatient", maxWait = "200ms")
        public String impatient() {
            return "impatient";
        }

        @Claimed(value = "long", ttl = "300ms")
        public void longRunning() {
            try {
                this.finish.await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class JobsConfiguration {

        @Bean
        Jobs jobs(Contest contest) {
            Jobs jobs = new Jobs();
            jobs.setContest(contest);
            return jobs;
        }

    }

    public static class PrimitiveJob {

        @Claimed("count")
        public int count() {
            return 1;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PrimitiveConfiguration {

        @Bean
        PrimitiveJob primitiveJob() {
            return new PrimitiveJob();
        }

    }

    public static class MinHoldBeyondTtlJob {

        @Claimed(value = "beyond", ttl = "1m", minHold = "2m")
        public void run() {
        }

    }

    public static class NegativeWaitJob {

        @Claimed(value = "negative", maxWait = "-1s")
        public void run() {
        }

    }

    public static class BadTtlJob {

        @Claimed(value = "bad", ttl = "soon")
        public void run() {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BadTtlConfiguration {

        @Bean
        BadTtlJob badTtlJob() {
            return new BadTtlJob();
        }

    }

    public static class ScheduledJob {

        private final AtomicInteger runs = new AtomicInteger();

        private final AtomicInteger attempts = new AtomicInteger();

        public int runs() {
            return this.runs.get();
        }

        public int attempts() {
            return this.attempts.get();
        }

        @Scheduled(fixedDelay = 20)
        @Claimed("tick")
        public void tick() {
            this.runs.incrementAndGet();
        }

        @Scheduled(fixedDelay = 20)
        public void countAttempts() {
            this.attempts.incrementAndGet();
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class ScheduledConfiguration {

        @Bean
        ScheduledJob scheduledJob() {
            return new ScheduledJob();
        }

    }

}
