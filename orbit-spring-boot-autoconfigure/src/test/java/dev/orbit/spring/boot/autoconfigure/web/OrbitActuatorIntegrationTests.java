package dev.orbit.spring.boot.autoconfigure.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.listener.OrbitListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads Orbit's health, meters and endpoint over real HTTP from an application on a shared-memory fleet.
 */
@SpringBootTest(classes = OrbitActuatorIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=health,metrics,orbit",
                "management.endpoint.health.show-details=always", "orbit.shm.enabled=true" })
class OrbitActuatorIntegrationTests {

    private static final String FLEET = OrbitTestSupport.uniqueFleetName();

    private static final Path DIRECTORY = createDirectory();

    private final HttpClient http = HttpClient.newHttpClient();

    private final JsonMapper json = JsonMapper.shared();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void orbitProperties(DynamicPropertyRegistry registry) {
        registry.add("orbit.fleet.name", () -> FLEET);
        registry.add("orbit.shm.directory", DIRECTORY::toString);
    }

    @AfterAll
    static void removeSegments() throws IOException {
        Fleet.unlink(DIRECTORY, FLEET, true);
        FileSystemUtils.deleteRecursively(DIRECTORY);
    }

    @Test
    void shouldReportHealthWithDetails() throws Exception {
        JsonNode orbit = get("/actuator/health").path("components").path("orbit");
        assertThat(orbit.path("status").asString()).isEqualTo("UP");
        assertThat(orbit.path("details").path("fleet").asString()).isEqualTo(FLEET);
        assertThat(orbit.path("details").path("backing").asString()).isEqualTo("shm");
        assertThat(orbit.path("details").path("directory").asString()).isEqualTo(DIRECTORY.toString());
        assertThat(orbit.path("details").path("members").path("alive").size()).isEqualTo(1);
    }

    @Test
    void shouldExposeMeters() throws Exception {
        JsonNode members = get("/actuator/metrics/orbit.members?tag=state:alive");
        assertThat(members.path("name").asString()).isEqualTo("orbit.members");
        assertThat(members.path("measurements").get(0).path("value").asDouble()).isEqualTo(1.0);
        JsonNode all = get("/actuator/metrics/orbit.members");
        assertThat(all.path("availableTags").get(0).path("values").toString()).contains("alive", "stale", "missing");
    }

    @Test
    void shouldExposeOrbitEndpoint() throws Exception {
        JsonNode orbit = get("/actuator/orbit");
        assertThat(orbit.path("fleet").path("name").asString()).isEqualTo(FLEET);
        assertThat(orbit.path("fleet").path("backing").asString()).isEqualTo("shm");
        assertThat(orbit.path("members").size()).isGreaterThanOrEqualTo(1);
        assertThat(orbit.path("heartbeats").path("alive").size()).isEqualTo(1);
        assertThat(orbit.path("listeners").get(0).path("id").asString()).isEqualTo("pings");
        assertThat(orbit.path("listeners").get(0).path("running").asBoolean()).isTrue();
        assertThat(orbit.path("rings").size()).isGreaterThanOrEqualTo(1);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = this.http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return this.json.readTree(response.body());
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("orbit-actuator-");
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        @Bean
        Pings pings() {
            return new Pings();
        }

    }

    public static class Pings {

        @OrbitListener(topics = "pings", id = "pings")
        public void on(String ping) {
        }

    }

}
