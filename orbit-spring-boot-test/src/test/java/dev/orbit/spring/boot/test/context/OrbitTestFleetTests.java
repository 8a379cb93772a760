package dev.orbit.spring.boot.test.context;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.test.TestApplication;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user's {@code @SpringBootTest} gets with {@code orbit-spring-boot-test} on its class path: a fleet of its
 * own, not the one {@code application.properties} names; or the one {@link OrbitTestFleet} chooses.
 */
@SpringBootTest(classes = TestApplication.class)
class OrbitTestFleetTests {

    @Autowired
    private Fleet fleet;

    @Test
    void shouldJoinAFleetOfItsOwnInATemporaryDirectory() {
        assertThat(this.fleet.name()).startsWith("test-").isNotEqualTo("developers-fleet");
        assertThat(this.fleet.sharedMemory()).isTrue();
        Path directory = this.fleet.directory().orElseThrow();
        assertThat(directory.getFileName().toString()).startsWith("orbit-test-");
        assertThat(directory).isDirectoryContaining((file) -> file.getFileName().toString().contains(this.fleet.name()));
    }

    @Nested
    @OrbitTestFleet(inProcess = true)
    class InProcess {

        @Autowired
        private Fleet fleet;

        @Test
        void shouldJoinAFleetInThisJvmOnly() {
            assertThat(this.fleet.sharedMemory()).isFalse();
            assertThat(this.fleet.name()).startsWith("test-");
            assertThat(this.fleet.directory()).isEmpty();
        }

    }

    @Nested
    @SpringBootTest(classes = TestApplication.class, properties = "orbit.shm.enabled=false")
    @OrbitTestFleet(name = "named-for-this-test")
    class Named {

        @Autowired
        private Fleet fleet;

        @Test
        void shouldJoinTheNamedFleet() {
            assertThat(this.fleet.name()).isEqualTo("named-for-this-test");
        }

    }

    @Nested
    @SpringBootTest(classes = TestApplication.class, properties = "orbit.fleet.name=set-by-the-test")
    class TestPropertiesWin {

        @Autowired
        private Fleet fleet;

        @Test
        void shouldKeepTheTestsOwnFleetName() {
            assertThat(this.fleet.name()).isEqualTo("set-by-the-test");
            assertThat(this.fleet.directory().orElseThrow().getFileName().toString()).startsWith("orbit-test-");
            assertThat(Files.isDirectory(this.fleet.directory().orElseThrow())).isTrue();
        }

    }

}
