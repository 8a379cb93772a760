package dev.orbit.spring.boot.autoconfigure.observation;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.listener.OrbitListenerAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A listening application with a tracer of its own, run in its own JVM by {@link TraceAcrossProcessesTests}.
 * Answers {@code span} on stdin with {@code >> span <traceId> <parentSpanId> <traceIdCurrentInTheMethod>} once
 * its listener's span has ended, or {@code >> span none}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ OrbitAutoConfiguration.class, OrbitListenerAutoConfiguration.class,
        OrbitObservationAutoConfiguration.class })
@Import(TracePropagationTests.Listening.class)
public class TracedListenerApp {

    static final String ANSWER = ">> ";

    private static final TracePropagationTests.Tracing TRACING = new TracePropagationTests.Tracing();

    @Bean
    ObservationRegistry observationRegistry() {
        return TRACING.registry();
    }

    @Bean
    Tracer tracer() {
        return TRACING.tracer;
    }

    public static void main(String[] args) throws Exception {
        SpringApplication application = new SpringApplication(TracedListenerApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (ConfigurableApplicationContext context = application.run(args)) {
            TracePropagationTests.Listening listening = context.getBean(TracePropagationTests.Listening.class);
            out.println(ANSWER + "READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals("span")) {
                    out.println(ANSWER + "span " + TRACING.find("orbit listen tracer")
                        .map((span) -> span(span, listening))
                        .orElse("none"));
                }
                else {
                    out.println(ANSWER + "ERROR unknown command " + line);
                }
            }
        }
    }

    private static String span(SpanData span, TracePropagationTests.Listening listening) {
        return span.getTraceId() + " " + span.getParentSpanId() + " "
                + (listening.traceIds.isEmpty() ? "none" : listening.traceIds.get(0));
    }

}
