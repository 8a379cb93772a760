package dev.orbit.spring.boot.test.context;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.test.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customizer behind every test context: each context its own fleet and directory, both gone at close; equal
 * for equally configured tests, so Spring's context cache is not defeated.
 */
class OrbitTestFleetContextCustomizerTests {

    @Test
    void shouldBeRegisteredForEveryTest() {
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ContextCustomizerFactory.class))
            .hasAtLeastOneElementOfType(OrbitTestFleetContextCustomizerFactory.class);
    }

    @Test
    void shouldGiveEachContextItsOwnFleetAndRemoveItsFilesAtClose() {
        ContextCustomizer customizer = customizerFor(Plain.class);
        try (ConfigurableApplicationContext one = start(customizer);
                ConfigurableApplicationContext two = start(customizer)) {
            Fleet first = one.getBean(Fleet.class);
            Fleet second = two.getBean(Fleet.class);
            assertThat(first.name()).isNotEqualTo(second.name());
            Path firstDirectory = first.directory().orElseThrow();
            assertThat(firstDirectory).isNotEqualTo(second.directory().orElseThrow());
            assertThat(firstDirectory).isNotEmptyDirectory();
            one.close();
            assertThat(Files.exists(firstDirectory)).as("removed when its context closed").isFalse();
            assertThat(second.directory().orElseThrow()).as("another context's fleet untouched").isNotEmptyDirectory();
        }
    }

    @Test
    void shouldRemoveTheDirectoryOfAContextWithoutAFleet() {
        ContextCustomizer customizer = customizerFor(Plain.class);
        SpringApplication application = new SpringApplication(TestApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.addInitializers((context) -> customizer.customizeContext(context, null));
        Path directory;
        try (ConfigurableApplicationContext context = application.run("--orbit.enabled=false")) {
            assertThat(context.getBeanNamesForType(Fleet.class)).isEmpty();
            directory = Path.of(context.getEnvironment().getRequiredProperty("orbit.shm.directory"));
            assertThat(directory).isDirectory();
        }
        assertThat(Files.exists(directory)).isFalse();
    }

    @Test
    void shouldBeEqualForEquallyConfiguredTests() {
        assertThat(customizerFor(Plain.class)).isEqualTo(customizerFor(AlsoPlain.class));
        assertThat(customizerFor(InProcess.class)).isNotEqualTo(customizerFor(Plain.class));
        assertThat(customizerFor(Named.class)).isNotEqualTo(customizerFor(Plain.class))
            .isEqualTo(new OrbitTestFleetContextCustomizer("shared", false));
    }

    private static ConfigurableApplicationContext start(ContextCustomizer customizer) {
        SpringApplication application = new SpringApplication(TestApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.addInitializers((context) -> customizer.customizeContext(context, null));
        return application.run();
    }

    private static ContextCustomizer customizerFor(Class<?> testClass) {
        return new OrbitTestFleetContextCustomizerFactory().createContextCustomizer(testClass, List.of());
    }

    static class Plain {

    }

    static class AlsoPlain {

    }

    @OrbitTestFleet(inProcess = true)
    static class InProcess {

    }

    @OrbitTestFleet(name = "shared")
    static class Named {

    }

}
