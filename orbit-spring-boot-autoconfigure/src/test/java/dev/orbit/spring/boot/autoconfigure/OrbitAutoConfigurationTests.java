package dev.orbit.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Subject;
import dev.orbit.event.EventPoll;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.MembersReader;
import dev.orbit.heartbeat.Heartbeats;
import dev.orbit.internal.shm.Processes;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.internal.shm.SegmentOptions;
import dev.orbit.ring.StartPosition;
import dev.orbit.shm.AccessMode;
import dev.orbit.spring.claim.ClaimedAdvisor;
import dev.orbit.spring.endpoint.OrbitEndpoint;
import dev.orbit.spring.event.JacksonOrbitPayloadConverter;
import dev.orbit.spring.event.OrbitPayloadConverter;
import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.spring.event.SimpleOrbitPayloadConverter;
import dev.orbit.spring.health.OrbitHealthIndicator;
import dev.orbit.spring.listener.OrbitListenerRegistry;
import dev.orbit.spring.metrics.OrbitMeterBinder;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.scheduling.OrbitScheduler;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link OrbitAutoConfiguration} and the conditions of the other Orbit auto-configurations.
 */
class OrbitAutoConfigurationTests {

    @TempDir
    Path directory;

    private final String fleetName = OrbitTestSupport.uniqueFleetName();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(OrbitTestSupport.orbitAutoConfigurations());

    @Test
    void shouldJoinFleetAndExposeSubstratesWithDefaults() {
        this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess()).run((context) -> {
            assertThat(context).hasNotFailed()
                .hasSingleBean(Fleet.class)
                .hasSingleBean(OrbitEventBus.class)
                .hasSingleBean(Contest.class)
                .hasSingleBean(Heartbeats.class)
                .hasSingleBean(OrbitTemplate.class)
                .hasSingleBean(OrbitScheduler.class)
                .hasSingleBean(OrbitListenerRegistry.class)
                .hasSingleBean(ClaimedAdvisor.class)
                .hasSingleBean(OrbitProperties.class);
            assertThat(context.getBean(OrbitPayloadConverter.class)).isInstanceOf(JacksonOrbitPayloadConverter.class);
            Fleet fleet = context.getBean(Fleet.class);
            assertThat(fleet.sharedMemory()).isFalse();
            assertThat(fleet.size()).isEqualTo(8);
            long first = fleet.heartbeats().latest().get(fleet.nodeId());
            Await.until(Duration.ofSeconds(30),
                    () -> fleet.heartbeats().latest().get(fleet.nodeId()) > first,
                    "the fleet's own keeper to beat again");
        });
    }

    @Test
    void shouldExposeDefaultOrbitCacheLazily() {
        this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess()).run((context) -> {
            OrbitCache cache = context.getBean(OrbitCache.class);
            assertThat(cache.name()).isEqualTo(OrbitCacheNames.DEFAULT);
        });
    }

    @Test
    void shouldApplyFleetProperties() {
        this.contextRunner
            .withPropertyValues("orbit.shm.enabled=true", "orbit.shm.directory=" + this.directory,
                    "orbit.fleet.name=" + this.fleetName, "orbit.fleet.size=3", "orbit.fleet.node-id=7",
                    "orbit.fleet.label=worker-1", "orbit.heartbeat.interval=200ms", "orbit.heartbeat.max-age=1s")
            .run((context) -> {
                Fleet fleet = context.getBean(Fleet.class);
                assertThat(fleet.size()).isEqualTo(3);
                assertThat(fleet.nodeId()).isEqualTo(7);
                Path members = SegmentNames.membersFile(this.directory, this.fleetName, AccessMode.OWNER,
                        Processes.currentUid());
                try (MembersReader reader = MembersReader.attach(members, this.fleetName, SegmentOptions.defaults(),
                        SystemEpochClock.INSTANCE)) {
                    assertThat(reader.heartbeatIntervalMs()).as("the interval the fleet's keeper beats at")
                        .isEqualTo(200);
                    assertThat(reader.members()).singleElement()
                        .satisfies((member) -> assertThat(member.label()).isEqualTo("worker-1"));
                }
            });
    }

    @Test
    void shouldNameFleetAfterApplicationWhenNoFleetNameIsSet() {
        this.contextRunner.withPropertyValues("orbit.shm.enabled=false", "spring.application.name=Order Service")
            .run((context) -> assertThat(context.getBean(Fleet.class).name()).isEqualTo("Order-Service"));
    }

    @Test
    void shouldNameFleetOrbitWithoutApplicationName() {
        this.contextRunner.withPropertyValues("orbit.shm.enabled=false")
            .run((context) -> assertThat(context.getBean(Fleet.class).name())
                .isEqualTo(OrbitAutoConfiguration.DEFAULT_FLEET_NAME));
    }

    @Test
    void shouldApplyFleetBuilderCustomizers() {
        ManualClock clock = new ManualClock();
        this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess())
            .withBean(OrbitFleetBuilderCustomizer.class, () -> (builder) -> builder.clock(clock))
            .run((context) -> assertThat(context.getBean(Fleet.class).clock()).isSameAs(clock));
    }

    @Test
    void shouldSizeClaimsTableFromProperty() {
        this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess("orbit.claims.slots=16")).run((context) -> {
            Contest contest = context.getBean(Contest.class);
            for (int i = 0; i < 16; i++) {
                assertThat(contest.tryClaim(Subject.of("s" + i), "test", Duration.ofSeconds(30)))
                    .isInstanceOf(Claimed.class);
            }
            assertThatIllegalStateException()
                .isThrownBy(() -> contest.tryClaim(Subject.of("s16"), "test", Duration.ofSeconds(30)))
                .withMessageContaining("claims table full: all 16 claim slots hold a live claim")
                .withMessageContaining("orbit.claims.slots");
        });
    }

    @Test
    void shouldLetCustomizerSetClaimSlotsWhenPropertyIsDefault() {
        this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess())
            .withBean(OrbitFleetBuilderCustomizer.class, () -> (builder) -> builder.claimSlots(2048))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                Contest contest = context.getBean(Contest.class);
                for (int i = 0; i < 1025; i++) {
                    assertThat(contest.tryClaim(Subject.of("s" + i), "test", Duration.ofSeconds(30)))
                        .isInstanceOf(Claimed.class);
                }
            });
    }

    @Test
    void shouldBackOffEntirelyWhenDisabled() {
        this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess("orbit.enabled=false"))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(Fleet.class)
                .doesNotHaveBean(OrbitProperties.class)
                .doesNotHaveBean(OrbitTemplate.class)
                .doesNotHaveBean(OrbitScheduler.class)
                .doesNotHaveBean(OrbitListenerRegistry.class)
                .doesNotHaveBean(ClaimedAdvisor.class)
                .doesNotHaveBean(OrbitHealthIndicator.class)
                .doesNotHaveBean(OrbitMeterBinder.class)
                .doesNotHaveBean(OrbitEndpoint.class));
    }

    @Test
    void shouldUseUserFleet() {
        Fleet userFleet = Fleet.builder().name(OrbitTestSupport.uniqueFleetName()).join();
        try {
            this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess())
                .withBean("userFleet", Fleet.class, () -> userFleet)
                .run((context) -> {
                    assertThat(context).hasSingleBean(Fleet.class);
                    assertThat(context.getBean(Fleet.class)).isSameAs(userFleet);
                    assertThat(context).hasSingleBean(OrbitTemplate.class);
                });
        }
        finally {
            userFleet.close();
        }
    }

    @Test
    void shouldUseUserTemplateAndPayloadConverter() {
        this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess())
            .withUserConfiguration(UserBeansConfiguration.class)
            .run((context) -> {
                assertThat(context).hasSingleBean(OrbitTemplate.class).hasSingleBean(OrbitPayloadConverter.class);
                assertThat(context.getBean(OrbitTemplate.class)).isSameAs(context.getBean("userTemplate"));
                assertThat(context.getBean(OrbitPayloadConverter.class)).isSameAs(context.getBean("userConverter"));
            });
    }

    @Test
    void shouldFallBackToSimplePayloadConverterWithoutJackson() {
        this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess())
            .withClassLoader(new FilteredClassLoader("tools.jackson"))
            .run((context) -> assertThat(context.getBean(OrbitPayloadConverter.class))
                .isExactlyInstanceOf(SimpleOrbitPayloadConverter.class));
    }

    @Test
    void shouldStartWithoutActuatorMicrometerJacksonAndAspectJ() {
        this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess())
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
                    "org.springframework.boot.health", "io.micrometer", "tools.jackson", "org.aspectj",
                    "org.springframework.boot.cache"))
            .run((context) -> {
                assertThat(context).hasNotFailed()
                    .hasSingleBean(Fleet.class)
                    .hasSingleBean(OrbitTemplate.class)
                    .hasSingleBean(ClaimedAdvisor.class)
                    .hasSingleBean(OrbitListenerRegistry.class)
                    .doesNotHaveBean(OrbitHealthIndicator.class)
                    .doesNotHaveBean(OrbitEndpoint.class)
                    .doesNotHaveBean("orbitMeterBinder");
                context.getBean(OrbitTemplate.class).publish("greetings", "hello");
            });
    }

    @Test
    void shouldPublishThroughTemplate() {
        this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess()).run((context) -> {
            OrbitTemplate template = context.getBean(OrbitTemplate.class);
            Subscription subscription = context.getBean(OrbitEventBus.class).subscribe(StartPosition.LATEST);
            template.publish("greetings", "hello");
            template.publish("greetings", new Greeting("bob", 3));
            template.publish("greetings", new byte[] { 1, 2 });
            EventPoll poll = subscription.poll("greetings", 10);
            assertThat(poll.events()).hasSize(3);
            assertThat(new String(poll.events().get(0).payload())).isEqualTo("hello");
            assertThat(new String(poll.events().get(1).payload())).isEqualTo("{\"name\":\"bob\",\"count\":3}");
            assertThat(poll.events().get(2).payload()).containsExactly(1, 2);
            subscription.close();
        });
    }

    record Greeting(String name, int count) {
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBeansConfiguration {

        @Bean
        OrbitPayloadConverter userConverter() {
            return new SimpleOrbitPayloadConverter();
        }

        @Bean
        OrbitTemplate userTemplate(OrbitEventBus eventBus, OrbitPayloadConverter userConverter) {
            return new OrbitTemplate(eventBus, userConverter, () -> OrbitMeters.NONE);
        }

    }

}
