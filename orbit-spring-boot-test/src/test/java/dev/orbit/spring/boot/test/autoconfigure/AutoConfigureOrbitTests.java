package dev.orbit.spring.boot.test.autoconfigure;

import dev.orbit.contest.Contest;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.spring.claim.Claimed;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test that loads only its own configuration (as a slice does) and adds Orbit with {@link AutoConfigureOrbit}:
 * the fleet is the context's own, and {@code @Claimed} methods are claimed.
 */
@SpringJUnitConfig(AutoConfigureOrbitTests.Jobs.class)
@AutoConfigureOrbit
class AutoConfigureOrbitTests {

    @Autowired
    private Fleet fleet;

    @Autowired
    private Contest contest;

    @Autowired
    private Job job;

    @Test
    void shouldAddOrbitToTheSliceWithAFleetOfItsOwn() {
        assertThat(this.fleet.name()).startsWith("test-");
        assertThat(this.job.run(this.contest)).as("the claim held while the method ran").isTrue();
        assertThat(this.contest.holder(Subject.of("slice-job"))).as("released after").isEmpty();
    }

    @Configuration(proxyBeanMethods = false)
    static class Jobs {

        @Bean
        Job job() {
            return new Job();
        }

    }

    public static class Job {

        @Claimed("slice-job")
        public Boolean run(Contest contest) {
            return contest.holder(Subject.of("slice-job")).isPresent();
        }

    }

}
