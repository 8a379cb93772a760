package dev.orbit.spring.boot.autoconfigure.diagnostics;

import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;

import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidOrbitPropertyFailureAnalyzer}: a bad {@code orbit.*} value fails startup with a report
 * naming the property, the value and a fix.
 */
class InvalidOrbitPropertyFailureAnalyzerTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(OrbitTestSupport.orbitAutoConfigurations());

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            orbit.fleet.size          | 0          | set orbit.fleet.size to the number of sibling processes
            orbit.fleet.size          | 300        | from 1 to 255
            orbit.fleet.node-id       | 256        | remove it to claim the first free slot
            orbit.fleet.name          | bad name!  | use a name such as 'orders'
            orbit.shm.capacity        | 1000       | to a power of two such as 1024 (the default)
            orbit.shm.capacity        | 3000       | such as 2048 (the nearest to 3000) or 1024 (the default)
            orbit.shm.capacity        | 1073741824 | e.g. orbit.shm.capacity=
            orbit.shm.payload-size    | 2MB        | at most 1MB
            orbit.heartbeat.interval  | 0s         | positive duration
            orbit.heartbeat.max-age   | 1500ms     | 5s (5 intervals) or more
            orbit.cache.capacity      | 3          | such as 4 (the nearest to 3) or 4096 (the default)
            orbit.cache.capacity      | 0          | power of two such as 4096 (the default)
            orbit.cache.time-to-live  | -5s        | 0 for no expiry
            orbit.cache.sync-timeout  | 0s         | positive duration
            orbit.cache.sync-stripes  | 48         | power of two such as 64 (the default)
            orbit.cache.sync-stripes  | 0          | power of two such as 64 (the default)
            orbit.cache.sync-stripes  | 2048       | such as 1024 (the largest) or 64 (the default)
            orbit.events.poll-limit   | 0          | positive number such as 256
            orbit.claims.default-ttl  | -1s        | positive duration such as 30s
            orbit.claims.slots        | 8          | power of two such as 1024 (the default)
            orbit.claims.slots        | 3000       | such as 2048 (the nearest to 3000) or 1024 (the default)
            """)
    void shouldReportPropertyValueAndFix(String property, String value, String fix) {
        this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess(property + "=" + value)).run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new InvalidOrbitPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: " + property)
                .contains("Value: \"" + value + "\"");
            assertThat(analysis.getAction()).contains(fix);
        });
    }

    @Test
    void shouldReportPerCacheProperty() {
        this.contextRunner
            .withPropertyValues(OrbitTestSupport.inProcess("orbit.cache.caches.books.capacity=100"))
            .run((context) -> {
                FailureAnalysis analysis = new InvalidOrbitPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("orbit.cache.caches.books.capacity")
                    .contains("\"100\"");
                assertThat(analysis.getAction())
                    .contains("power of two such as 128 (the nearest to 100) or 4096 (orbit.cache.capacity)");
            });
    }

    @Test
    void shouldNeverAdviseATwoSlotCache() {
        for (String capacity : new String[] { "0", "1", "3", "-4" }) {
            this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess("orbit.cache.capacity=" + capacity))
                .run((context) -> assertThat(new InvalidOrbitPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure())
                    .getAction()).doesNotContain("such as 2 ").contains("4096 (the default)"));
        }
    }

    @Test
    void shouldBlameTheCapacityOfARingTooLargeToMap() {
        this.contextRunner.withPropertyValues(OrbitTestSupport.inProcess("orbit.shm.capacity=1073741824"))
            .run((context) -> {
                FailureAnalysis analysis = new InvalidOrbitPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("Property: orbit.shm.capacity")
                    .contains("Value: \"1073741824\"")
                    .contains("2GB");
                assertThat(analysis.getAction()).contains("lower orbit.shm.capacity (1073741824)")
                    .contains("e.g. orbit.shm.capacity=4194304");
            });
    }

    @Test
    void shouldBlameThePayloadSizeOfARingTooLargeToMap() {
        this.contextRunner
            .withPropertyValues(OrbitTestSupport.inProcess("orbit.shm.capacity=4096", "orbit.shm.payload-size=1MB"))
            .run((context) -> {
                FailureAnalysis analysis = new InvalidOrbitPropertyFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("Property: orbit.shm.payload-size")
                    .contains("Value: \"1MB\"");
                assertThat(analysis.getAction()).contains("orbit.shm.capacity=1024");
            });
    }

    @Test
    void shouldBeRegisteredInSpringFactories() throws Exception {
        List<String> names = new ArrayList<>();
        Enumeration<URL> resources = getClass().getClassLoader().getResources("META-INF/spring.factories");
        while (resources.hasMoreElements()) {
            Properties properties = PropertiesLoaderUtils.loadProperties(new UrlResource(resources.nextElement()));
            String value = properties.getProperty(FailureAnalyzer.class.getName());
            if (value != null) {
                names.addAll(StringUtils.commaDelimitedListToSet(value).stream().map(String::trim).toList());
            }
        }
        assertThat(names).contains(InvalidOrbitPropertyFailureAnalyzer.class.getName(),
                OrbitFleetJoinFailureAnalyzer.class.getName());
    }

}
