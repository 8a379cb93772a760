package dev.orbit.spring.boot.autoconfigure.observation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ChildJvm;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace crosses a real process boundary: this JVM publishes inside a span with its own tracer; a listener
 * application in another JVM, with a tracer of its own and nothing else shared but the fleet's memory, continues
 * the trace from the event's {@code traceparent} header: its span has the publisher's trace id and the publish
 * span as parent, and that trace is current while the listener method runs.
 */
class TraceAcrossProcessesTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private final String fleet = OrbitTestSupport.uniqueFleetName();

    @Test
    void shouldContinueThePublishersTraceInAListenerInAnotherJvm() throws Exception {
        Path log = this.directory.resolve("listener.log");
        try (ChildJvm listener = ChildJvm.of(TracedListenerApp.class)
            .name("traced-listener")
            .jvmArgs("-Xmx256m")
            .stderrTo(log)
            .args("--orbit.fleet.name=" + this.fleet, "--orbit.shm.enabled=true",
                    "--orbit.shm.directory=" + this.directory, "--spring.main.banner-mode=off",
                    "--logging.level.root=WARN", "--spring.jmx.enabled=false")
            .start()) {
            assertThat(answer(listener, log)).isEqualTo("READY");
            TracePropagationTests.Tracing tracing = new TracePropagationTests.Tracing();
            new ApplicationContextRunner().withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
                .withPropertyValues("orbit.shm.enabled=true", "orbit.shm.directory=" + this.directory,
                        "orbit.fleet.name=" + this.fleet)
                .withBean(ObservationRegistry.class, tracing::registry)
                .withBean(Tracer.class, () -> tracing.tracer)
                .run((publishing) -> {
                    ObservationRegistry registry = publishing.getBean(ObservationRegistry.class);
                    Observation checkout = Observation.start("checkout", registry);
                    try (Observation.Scope scope = checkout.openScope()) {
                        publishing.getBean(OrbitTemplate.class).publish("traced", "hello");
                    }
                    checkout.stop();
                    SpanData publish = tracing.span("orbit publish traced");

                    String[] seen = Await.value(TIMEOUT, () -> {
                        listener.send("span");
                        return answer(listener, log).split(" ");
                    }, (words) -> !words[1].equals("none"), "the other JVM's listener span");
                    assertThat(seen[1]).as("the listener in the other JVM continues the publisher's trace")
                        .isEqualTo(publish.getTraceId());
                    assertThat(seen[2]).as("as a child of the publish span").isEqualTo(publish.getSpanId());
                    assertThat(seen[3]).as("the trace is current while the listener method runs")
                        .isEqualTo(publish.getTraceId());
                });
        }
        finally {
            Fleet.unlink(this.directory, this.fleet, true);
        }
    }

    private static String answer(ChildJvm listener, Path log) throws Exception {
        try {
            return listener.awaitLine(TracedListenerApp.ANSWER, TIMEOUT).substring(TracedListenerApp.ANSWER.length());
        }
        catch (AssertionError ex) {
            throw new AssertionError(ex.getMessage() + "\nits log:\n" + (Files.exists(log) ? Files.readString(log) : ""),
                    ex);
        }
    }

}
