package dev.orbit.spring.boot.autoconfigure.endpoint;

import java.time.Duration;

import dev.orbit.contest.Contest;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.endpoint.OrbitEndpoint;
import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.spring.listener.OrbitListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OrbitEndpoint} and {@link OrbitEndpointAutoConfiguration}.
 */
class OrbitEndpointTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
        .withPropertyValues(OrbitTestSupport.inProcess("management.endpoints.web.exposure.include=orbit"));

    @Test
    void shouldDescribeFleetMembersRingsListenersAndClaims() {
        this.contextRunner.withBean(Greetings.class).run((context) -> {
            Fleet fleet = context.getBean(Fleet.class);
            context.getBean(OrbitTemplate.class).publish("greetings", "hi");
            context.getBean(Contest.class).tryClaim(Subject.of("report"), "tester", Duration.ofMinutes(1));
            OrbitEndpoint.OrbitDescriptor view = context.getBean(OrbitEndpoint.class).orbit();
            assertThat(view.fleet().name()).isEqualTo(fleet.name());
            assertThat(view.fleet().backing()).isEqualTo("in-process");
            assertThat(view.members()).extracting("nodeId").contains(fleet.nodeId());
            assertThat(view.heartbeats().alive()).hasSize(1);
            assertThat(view.rings()).extracting(OrbitEndpoint.RingDescriptor::kind).contains(220);
            assertThat(view.listeners()).singleElement().satisfies((listener) -> {
                assertThat(listener.id()).isEqualTo("greetings");
                assertThat(listener.topics()).containsExactly("greetings");
                assertThat(listener.running()).isTrue();
            });
            assertThat(view.claims()).singleElement().satisfies((claim) -> {
                assertThat(claim.subject()).isEqualTo("0/report");
                assertThat(claim.owner()).isEqualTo("tester");
            });
        });
    }

    @Test
    void shouldBackOffWhenEndpointIsNotExposed() {
        new ApplicationContextRunner().withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
            .withPropertyValues(OrbitTestSupport.inProcess())
            .run((context) -> assertThat(context).doesNotHaveBean(OrbitEndpoint.class));
    }

    @Test
    void shouldBackOffWhenEndpointIsDisabled() {
        this.contextRunner.withPropertyValues("management.endpoint.orbit.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(OrbitEndpoint.class));
    }

    public static class Greetings {

        @OrbitListener(topics = "greetings", id = "greetings")
        public void on(String text) {
        }

    }

}
