package dev.orbit.spring.shedlock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.boot.autoconfigure.shedlock.OrbitShedLockAutoConfiguration;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application on ShedLock switches to Orbit by one bean: {@code @SchedulerLock} methods, ShedLock's own
 * {@code @EnableSchedulerLock}, and an {@link OrbitLockProvider} (declared by the starter, or by the application).
 * Two fleet handles over one directory behave as two processes.
 */
class OrbitLockProviderTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
        .withPropertyValues(OrbitTestSupport.inProcess());

    @Test
    void shouldRunSchedulerLockMethodOnlyWhileNoOtherProcessHoldsTheLock() {
        this.contextRunner.withUserConfiguration(ShedLockApplication.class).run((context) -> {
            assertThat(context).hasSingleBean(LockProvider.class);
            assertThat(context.getBean(LockProvider.class)).isInstanceOf(OrbitLockProvider.class);
            Report report = context.getBean(Report.class);
            report.run();
            assertThat(report.runs()).isEqualTo(1);
            Contest contest = context.getBean(Contest.class);
            try (Guard elsewhere = ((Claimed) contest.tryClaim(Subject.of("report"), "sibling",
                    Duration.ofMinutes(1))).guard()) {
                report.run();
                assertThat(report.runs()).as("skipped while a sibling holds 'report'").isEqualTo(1);
            }
            report.run();
            assertThat(report.runs()).isEqualTo(2);
        });
    }

    @Test
    void shouldKeepTheClaimUntilLockAtLeastForPassed() {
        this.contextRunner.withUserConfiguration(ShedLockApplication.class).run((context) -> {
            Contest contest = context.getBean(Contest.class);
            context.getBean(Report.class).runAtLeast();
            assertThat(contest.holder(Subject.of("at-least")))
                .as("held after the method returned: lockAtLeastFor is 1 minute")
                .isPresent();
            assertThat(contest.tryClaim(Subject.of("at-least"), "sibling", Duration.ofSeconds(1)))
                .isInstanceOf(dev.orbit.contest.YieldTo.class);
        });
    }

    @Test
    void shouldStepAsideForAnotherLockProvider() {
        this.contextRunner.withUserConfiguration(ShedLockApplication.class, OtherProvider.class)
            .run((context) -> assertThat(context).hasSingleBean(LockProvider.class)
                .doesNotHaveBean(OrbitLockProvider.class));
    }

    @Test
    void shouldBeOptional() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("net.javacrumbs.shedlock"))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OrbitShedLockAutoConfiguration.class));
    }

    @Test
    void shouldExcludeAcrossFleetHandlesAndExtend(@TempDir Path directory) {
        String name = OrbitTestSupport.uniqueFleetName();
        try (Fleet one = Fleet.builder().name(name).directory(directory).joinShm();
                Fleet two = Fleet.builder().name(name).directory(directory).joinShm()) {
            LockProvider a = new OrbitLockProvider(one.contest());
            LockProvider b = new OrbitLockProvider(two.contest());
            LockConfiguration configuration = new LockConfiguration(ClockProvider.now(), "shared",
                    Duration.ofSeconds(30), Duration.ZERO);
            Optional<SimpleLock> held = a.lock(configuration);
            assertThat(held).isPresent();
            assertThat(b.lock(configuration)).as("one holder at a time").isEmpty();
            Optional<SimpleLock> extended = held.get().extend(Duration.ofMinutes(5), Duration.ZERO);
            assertThat(extended).isPresent();
            assertThat(two.contest().holder(Subject.of("shared")).orElseThrow().expiresAtMs())
                .isGreaterThan(System.currentTimeMillis() + Duration.ofMinutes(4).toMillis());
            extended.get().unlock();
            assertThat(b.lock(configuration)).as("free after unlock").isPresent();
        }
        finally {
            Fleet.unlink(directory, name, true);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableSchedulerLock(defaultLockAtMostFor = "1m")
    static class ShedLockApplication {

        @Bean
        Report report() {
            return new Report();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OtherProvider {

        @Bean
        LockProvider otherLockProvider() {
            return (configuration) -> Optional.empty();
        }

    }

    static class Report {

        private final AtomicInteger runs = new AtomicInteger();

        /**
         * @return how often a locked method ran (read through the proxy, so from the target).
         */
        public int runs() {
            return this.runs.get();
        }

        @SchedulerLock(name = "report")
        public void run() {
            this.runs.incrementAndGet();
        }

        @SchedulerLock(name = "at-least", lockAtLeastFor = "1m")
        public void runAtLeast() {
            this.runs.incrementAndGet();
        }

    }

}
