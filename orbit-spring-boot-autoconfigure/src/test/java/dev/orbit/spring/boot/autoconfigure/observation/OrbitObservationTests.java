package dev.orbit.spring.boot.autoconfigure.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.spring.listener.OrbitListener;
import dev.orbit.spring.observation.OrbitObserver;
import dev.orbit.testsupport.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observations of publishes, listener invocations and claims, behind Boot's switches; the listener processing
 * Timer when a meter handler is registered.
 */
class OrbitObservationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
        .withPropertyValues(OrbitTestSupport.inProcess())
        .withUserConfiguration(Application.class);

    @Test
    void shouldObservePublishListenerAndClaims() {
        this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            Application application = context.getBean(Application.class);
            context.getBean(OrbitTemplate.class).publish("greetings", "hello");
            Await.until(TIMEOUT, () -> !application.current.isEmpty(), "the listener to run");
            assertThat(application.current.get(0)).as("the listener's observation is current while it runs")
                .isEqualTo("orbit.listener");
            TestObservationRegistryAssert.assertThat(registry)
                .hasObservationWithNameEqualTo("orbit.publish")
                .that()
                .hasLowCardinalityKeyValue("topic", "greetings")
                .hasLowCardinalityKeyValue("outcome", "committed")
                .hasBeenStopped();
            Await.until(TIMEOUT, () -> stopped(registry, "orbit.listener"), "the listener's observation");
            TestObservationRegistryAssert.assertThat(registry)
                .hasObservationWithNameEqualTo("orbit.listener")
                .that()
                .hasLowCardinalityKeyValue("listener", "greeter")
                .hasLowCardinalityKeyValue("topic", "greetings")
                .hasContextualNameEqualTo("orbit listen greeter");

            assertThat(context.getBean(Jobs.class).run()).isEqualTo("ran");
            TestObservationRegistryAssert.assertThat(registry)
                .hasObservationWithNameEqualTo("orbit.claim")
                .that()
                .hasLowCardinalityKeyValue("outcome", "claimed")
                .hasLowCardinalityKeyValue("scope", "host")
                .hasHighCardinalityKeyValue("subject", "nightly");
            TestObservationRegistryAssert.assertThat(registry)
                .hasObservationWithNameEqualTo("orbit.claim.hold")
                .that()
                .hasHighCardinalityKeyValue("subject", "nightly")
                .hasBeenStopped();
            assertThat(application.heldUnder).as("the claimed method runs inside orbit.claim.hold")
                .isEqualTo("orbit.claim.hold");
        });
    }

    @Test
    void shouldTagAYieldedClaim() {
        this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
            Contest contest = context.getBean(Contest.class);
            try (Guard guard = ((Claimed) contest.tryClaim(Subject.of("nightly"), "elsewhere",
                    Duration.ofMinutes(1))).guard()) {
                assertThat(context.getBean(Jobs.class).run()).isNull();
            }
            TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
                .hasObservationWithNameEqualTo("orbit.claim")
                .that()
                .hasLowCardinalityKeyValue("outcome", "yielded");
        });
    }

    @Test
    void shouldTimeListenersThroughTheObservationWhenAMeterHandlerIsRegistered() {
        this.contextRunner.withBean(SimpleMeterRegistry.class)
            .withBean(ObservationRegistry.class, ObservationRegistry::create)
            .run((context) -> {
            ObservationRegistry observations = context.getBean(ObservationRegistry.class);
            MeterRegistry meters = context.getBean(SimpleMeterRegistry.class);
            observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
            context.getBean(OrbitTemplate.class).publish("greetings", "timed");
            Await.until(TIMEOUT,
                    () -> meters.find("orbit.listener").tag("listener", "greeter").tag("error", "none").timer() != null
                            && meters.find("orbit.listener").tag("listener", "greeter").timer().count() == 1,
                    "the listener processing Timer");
            assertThat(meters.get("orbit.publish").tag("topic", "greetings").tag("outcome", "committed").timer()
                .count()).isEqualTo(1);
        });
    }

    @Test
    void shouldHonourBootsObservationSwitches() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
            .withPropertyValues("management.observations.enable.orbit=false")
            .withBean(TestObservationRegistry.class, TestObservationRegistry::create)
            .run((context) -> {
                assertThat(context).hasSingleBean(OrbitObserver.class);
                context.getBean(OrbitTemplate.class).publish("greetings", "quiet");
                assertThat(context.getBean(Jobs.class).run()).isEqualTo("ran");
                TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
                    .doesNotHaveAnyObservation();
            });
    }

    @Test
    void shouldStepAsideWithoutAnObservationRegistry() {
        this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(OrbitObserver.class));
    }

    private static boolean stopped(TestObservationRegistry registry, String name) {
        try {
            TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo(name).that().hasBeenStopped();
            return true;
        }
        catch (AssertionError notYet) {
            return false;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Application {

        final List<String> current = new CopyOnWriteArrayList<>();

        volatile String heldUnder;

        private final ObservationRegistry registry;

        Application(org.springframework.beans.factory.ObjectProvider<ObservationRegistry> registry) {
            this.registry = registry.getIfAvailable(() -> ObservationRegistry.NOOP);
        }

        @Bean
        Jobs jobs() {
            return new Jobs(this);
        }

        @OrbitListener(id = "greeter", topics = "greetings")
        public void onGreeting(String greeting) {
            Observation observation = this.registry.getCurrentObservation();
            this.current.add((observation != null) ? observation.getContext().getName() : "none");
        }

    }

    public static class Jobs {

        private final Application application;

        Jobs(Application application) {
            this.application = application;
        }

        @dev.orbit.spring.claim.Claimed("nightly")
        public String run() {
            Observation observation = this.application.registry.getCurrentObservation();
            this.application.heldUnder = (observation != null) ? observation.getContext().getName() : "none";
            return "ran";
        }

    }

}
