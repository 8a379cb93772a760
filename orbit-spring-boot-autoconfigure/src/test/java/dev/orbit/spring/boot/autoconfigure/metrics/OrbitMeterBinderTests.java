package dev.orbit.spring.boot.autoconfigure.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.orbit.contest.Contest;
import dev.orbit.contest.Subject;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.claim.Claimed;
import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.spring.listener.OrbitListener;
import dev.orbit.spring.metrics.OrbitMeterBinder;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.testsupport.Await;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OrbitMeterBinder} and {@link OrbitMetricsAutoConfiguration}.
 */
class OrbitMeterBinderTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
        .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withPropertyValues(OrbitTestSupport.inProcess());

    @Test
    void shouldReportMembersHeartbeatsAndRings() {
        this.contextRunner.run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean(OrbitTemplate.class).publish("greetings", "hello");
            context.getBean(OrbitMeterBinder.class).refresh();
            assertThat(registry.get("orbit.members").tag("state", "alive").gauge().value()).isEqualTo(1);
            assertThat(registry.get("orbit.members").tag("state", "missing").gauge().value()).isEqualTo(7);
            assertThat(registry.get("orbit.members").tag("state", "stale").gauge().value()).isZero();
            assertThat(registry.get("orbit.heartbeat.age").timeGauge().value()).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("orbit.ring.head").tag("kind", "220").tag("ring", "events").gauge().value()).isEqualTo(1);
            assertThat(registry.get("orbit.ring.lost.writes").tag("kind", "220").functionCounter().count()).isZero();
            assertThat(registry.get("orbit.events.published")
                .tag("topic", "greetings")
                .tag("result", "committed")
                .counter()
                .count()).isEqualTo(1);
        });
    }

    @Test
    void shouldCountListenerDeliveriesErrorsAndClaims() {
        this.contextRunner.withUserConfiguration(BeansConfiguration.class).run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            OrbitTemplate template = context.getBean(OrbitTemplate.class);
            template.publish("jobs", "ok");
            template.publish("jobs", "fail");
            Await.until(TIMEOUT, () -> count(registry, "orbit.listener.errors") == 1
                    && count(registry, "orbit.events.received") == 2, "both deliveries and the listener error");
            assertThat(registry.get("orbit.events.received").tag("topic", "jobs").counter().count()).isEqualTo(2);
            assertThat(registry.get("orbit.listener.errors").tag("listener", "jobs").counter().count()).isEqualTo(1);
            context.getBean(OrbitMeterBinder.class).refresh();
            assertThat(registry.get("orbit.listener.lag").tag("listener", "jobs").gauge().value()).isZero();
            Job job = context.getBean(Job.class);
            job.run();
            context.getBean(Contest.class).tryClaim(Subject.of("job"), "elsewhere", Duration.ofMinutes(1));
            job.run();
            assertThat(registry.get("orbit.claims").tag("outcome", "claimed").counter().count()).isEqualTo(1);
            assertThat(registry.get("orbit.claims").tag("outcome", "released").counter().count()).isEqualTo(1);
            assertThat(registry.get("orbit.claims").tag("outcome", "yielded").counter().count()).isEqualTo(1);
        });
    }

    private static double count(MeterRegistry registry, String name) {
        Counter counter = registry.find(name).counter();
        return (counter != null) ? counter.count() : 0;
    }

    @Test
    void shouldBackOffWithoutMeterRegistry() {
        new ApplicationContextRunner().withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
            .withPropertyValues(OrbitTestSupport.inProcess())
            .run((context) -> assertThat(context).doesNotHaveBean(OrbitMeterBinder.class)
                .doesNotHaveBean(OrbitMeters.class));
    }

    public static class Job {

        @Claimed("job")
        public void run() {
        }

    }

    public static class JobsListener {

        @OrbitListener(topics = "jobs", id = "jobs")
        public void on(String job) {
            if (job.equals("fail")) {
                throw new IllegalStateException("fail");
            }
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BeansConfiguration {

        @Bean
        Job job() {
            return new Job();
        }

        @Bean
        JobsListener jobsListener() {
            return new JobsListener();
        }

    }

}
