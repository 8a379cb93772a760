package dev.orbit.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata IDEs read: every group described, every property described, hints, and
 * {@code management.health.orbit.enabled}.
 */
class ConfigurationMetadataTests {

    private final JsonNode metadata = read();

    @Test
    void shouldDescribeEveryOrbitGroup() {
        List<String> undescribed = new ArrayList<>();
        for (JsonNode group : this.metadata.path("groups")) {
            String name = group.path("name").asString();
            if (name.startsWith("orbit") && group.path("description").asString("").isBlank()) {
                undescribed.add(name);
            }
        }
        assertThat(undescribed).isEmpty();
        assertThat(names("groups")).contains("orbit", "orbit.fleet", "orbit.shm", "orbit.heartbeat", "orbit.cache",
                "orbit.events", "orbit.claims", "orbit.metrics");
    }

    @Test
    void shouldDescribeEveryProperty() {
        List<String> undescribed = new ArrayList<>();
        for (JsonNode property : this.metadata.path("properties")) {
            if (property.path("description").asString("").isBlank()) {
                undescribed.add(property.path("name").asString());
            }
        }
        assertThat(undescribed).isEmpty();
    }

    @Test
    void shouldDeclareTheHealthIndicatorSwitch() {
        JsonNode health = find("properties", "management.health.orbit.enabled");
        assertThat(health.path("type").asString()).isEqualTo("java.lang.Boolean");
        assertThat(health.path("defaultValue").asBoolean()).isTrue();
    }

    @Test
    void shouldHintValues() {
        assertThat(names("hints")).contains("orbit.cache.trusted-packages", "orbit.shm.directory",
                "orbit.claims.slots");
        assertThat(find("hints", "orbit.cache.trusted-packages").path("values").get(0).path("value").asString())
            .isEqualTo("*");
    }

    private List<String> names(String section) {
        List<String> names = new ArrayList<>();
        this.metadata.path(section).forEach((entry) -> names.add(entry.path("name").asString()));
        return names;
    }

    private JsonNode find(String section, String name) {
        for (JsonNode entry : this.metadata.path(section)) {
            if (entry.path("name").asString().equals(name)) {
                return entry;
            }
        }
        throw new AssertionError(name + " not in the metadata's " + section);
    }

    private static JsonNode read() {
        try (InputStream in = ConfigurationMetadataTests.class
            .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata on the class path").isNotNull();
            return JsonMapper.builder().build().readTree(in);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
