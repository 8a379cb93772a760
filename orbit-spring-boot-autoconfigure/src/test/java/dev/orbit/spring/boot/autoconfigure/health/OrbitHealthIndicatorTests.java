package dev.orbit.spring.boot.autoconfigure.health;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitFleetBuilderCustomizer;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.health.OrbitHealthIndicator;
import dev.orbit.testsupport.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OrbitHealthIndicator} and {@link OrbitHealthContributorAutoConfiguration}.
 */
class OrbitHealthIndicatorTests {

    private final ManualClock clock = new ManualClock();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
        .withPropertyValues(OrbitTestSupport.inProcess("orbit.heartbeat.interval=1h", "orbit.heartbeat.max-age=5h"))
        .withBean(OrbitFleetBuilderCustomizer.class, () -> (builder) -> builder.clock(this.clock));

    @Test
    @SuppressWarnings("unchecked")
    void shouldBeUpWithDetailsWhileOwnHeartbeatIsFresh() {
        this.contextRunner.run((context) -> {
            Fleet fleet = context.getBean(Fleet.class);
            Health health = context.getBean(OrbitHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("fleet", fleet.name())
                .containsEntry("nodeId", fleet.nodeId())
                .containsEntry("backing", "in-process")
                .containsEntry("heartbeatAgeMs", 0L)
                .containsEntry("maxAgeMs", Duration.ofHours(5).toMillis());
            Map<String, Object> members = (Map<String, Object>) health.getDetails().get("members");
            assertThat(members).containsEntry("expected", 8);
            assertThat((Iterable<Integer>) members.get("alive")).containsExactly(fleet.nodeId());
        });
    }

    @Test
    void shouldBeDownWhenOwnHeartbeatIsStale() {
        this.contextRunner.run((context) -> {
            this.clock.advance(Duration.ofHours(6));
            Health health = context.getBean(OrbitHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("heartbeatAgeMs", Duration.ofHours(6).toMillis());
            assertThat((String) health.getDetails().get("reason")).contains("orbit.heartbeat.max-age");
        });
    }

    @Test
    void shouldBackOffWhenDisabled() {
        this.contextRunner.withPropertyValues("management.health.orbit.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(OrbitHealthIndicator.class));
    }

    @Test
    void shouldUseUserIndicator() {
        this.contextRunner.withBean("orbitHealthIndicator", OrbitHealthIndicator.class,
                () -> new OrbitHealthIndicator(Fleet.builder().name("user").join(), Duration.ofSeconds(1)))
            .run((context) -> assertThat(context).hasSingleBean(OrbitHealthIndicator.class));
    }

}
