package dev.orbit.spring.boot.autoconfigure.observation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orbit.event.EventHeaders;
import dev.orbit.event.Subscription;
import dev.orbit.ring.StartPosition;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.spring.listener.OrbitListener;
import dev.orbit.testsupport.Await;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.ArrayListSpanProcessor;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace crosses the event ring: with a real tracer (OpenTelemetry through Micrometer Tracing) in two
 * applications that share one shared-memory fleet, each with its own tracer as two processes would have, the
 * publish writes its W3C {@code traceparent} into the event and the listener's span is its child.
 */
class TracePropagationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private final String fleet = OrbitTestSupport.uniqueFleetName();

    private ApplicationContextRunner member(Tracing tracing) {
        return new ApplicationContextRunner().withConfiguration(OrbitTestSupport.orbitAutoConfigurations())
            .withPropertyValues("orbit.shm.enabled=true", "orbit.shm.directory=" + this.directory,
                    "orbit.fleet.name=" + this.fleet)
            .withBean(ObservationRegistry.class, tracing::registry)
            .withBean(Tracer.class, () -> tracing.tracer);
    }

    @Test
    void shouldContinueThePublishersTraceInTheListenerOfAnotherFleetMember() {
        Tracing publisherTracing = new Tracing();
        Tracing listenerTracing = new Tracing();
        member(listenerTracing).withUserConfiguration(Listening.class).run((listening) -> {
            member(publisherTracing).run((publishing) -> {
                ObservationRegistry registry = publishing.getBean(ObservationRegistry.class);
                Subscription raw = publishing.getBean(OrbitTemplate.class).getEventBus().subscribe(StartPosition.LATEST);
                Observation checkout = Observation.start("checkout", registry);
                try (Observation.Scope scope = checkout.openScope()) {
                    publishing.getBean(OrbitTemplate.class).publish("traced", "hello");
                }
                checkout.stop();

                SpanData publish = publisherTracing.span("orbit publish traced");
                SpanData parent = publisherTracing.span("checkout");
                assertThat(publish.getParentSpanId()).as("the publish joins the current trace")
                    .isEqualTo(parent.getSpanId());
                assertThat(publish.getTraceId()).isEqualTo(parent.getTraceId());
                EventHeaders headers = raw.poll(10).events().get(0).headers();
                assertThat(headers.traceparent()).as("the event carries the publish span's context")
                    .hasValueSatisfying((traceparent) -> assertThat(traceparent)
                        .startsWith("00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-"));

                Listening application = listening.getBean(Listening.class);
                Await.until(TIMEOUT, () -> listenerTracing.find("orbit listen tracer").isPresent(),
                        "the listener's span");
                SpanData listen = listenerTracing.span("orbit listen tracer");
                assertThat(listen.getTraceId()).as("the listener continues the publisher's trace")
                    .isEqualTo(publish.getTraceId());
                assertThat(listen.getParentSpanId()).as("as a child of the publish span")
                    .isEqualTo(publish.getSpanId());
                assertThat(application.traceIds).as("the trace is current while the listener runs")
                    .containsExactly(publish.getTraceId());
                raw.close();
            });
        });
    }

    @Test
    void shouldStartANewTraceForAnEventPublishedWithoutOne() {
        Tracing listenerTracing = new Tracing();
        member(listenerTracing).withUserConfiguration(Listening.class).run((listening) -> {
            listening.getBean(OrbitTemplate.class).getEventBus().publish("traced", "plain".getBytes());
            Await.until(TIMEOUT, () -> listenerTracing.find("orbit listen tracer").isPresent(),
                    "the listener's span");
            SpanData listen = listenerTracing.span("orbit listen tracer");
            assertThat(listen.getParentSpanContext().isValid()).as("a root span").isFalse();
        });
    }

    /**
     * One application's tracer, with the handlers Boot's tracing auto-configuration registers.
     */
    static final class Tracing {

        final ArrayListSpanProcessor spans = new ArrayListSpanProcessor();

        final Tracer tracer;

        final OtelPropagator propagator;

        Tracing() {
            SdkTracerProvider provider = SdkTracerProvider.builder()
                .setSampler(Sampler.alwaysOn())
                .addSpanProcessor(this.spans)
                .build();
            io.opentelemetry.api.trace.Tracer otel = provider.get("orbit-test");
            this.tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), (event) -> {
            });
            this.propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
                    otel);
        }

        ObservationRegistry registry() {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig()
                .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                        new PropagatingSenderTracingObservationHandler<>(this.tracer, this.propagator),
                        new PropagatingReceiverTracingObservationHandler<>(this.tracer, this.propagator),
                        new DefaultTracingObservationHandler(this.tracer)));
            return registry;
        }

        Optional<SpanData> find(String name) {
            return this.spans.spans().stream().filter((span) -> span.getName().equals(name)).findFirst();
        }

        SpanData span(String name) {
            return find(name).orElseThrow(() -> new AssertionError("no span " + name + " in " + this.spans.spans()));
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class Listening {

        final List<String> traceIds = new CopyOnWriteArrayList<>();

        private final Tracer tracer;

        Listening(Tracer tracer) {
            this.tracer = tracer;
        }

        @OrbitListener(id = "tracer", topics = "traced")
        public void onTraced(String payload) {
            io.micrometer.tracing.Span current = this.tracer.currentSpan();
            this.traceIds.add((current != null) ? current.context().traceId() : "none");
        }

    }

}
