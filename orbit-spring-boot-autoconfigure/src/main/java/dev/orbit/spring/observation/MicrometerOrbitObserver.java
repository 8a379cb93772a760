package dev.orbit.spring.observation;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

import dev.orbit.event.EventHeaders;
import dev.orbit.spring.observation.OrbitObservationContext.Kind;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Opens a Micrometer {@link Observation} per publish, listener invocation, claim attempt and claimed method:
 * {@code orbit.publish}, {@code orbit.listener}, {@code orbit.claim} and {@code orbit.claim.hold}. With Spring
 * Boot's meter handler each becomes a Timer of that name (so {@code orbit.listener} is the listener processing
 * Timer), and with a tracer a span; {@code management.observations.enable.orbit=false} turns them off. The
 * listener's observation is current while the method runs, so what it does is part of its trace.
 * <p>
 * The trace crosses processes through the event's headers: {@code orbit.publish} is an {@link OrbitPublishContext}
 * (a Micrometer {@code SenderContext}), so a tracer's propagating handler writes the W3C {@code traceparent} and
 * {@code tracestate} of the publish span into the event; {@code orbit.listener} is an {@link OrbitListenerContext}
 * (a {@code ReceiverContext}) that reads them back, so the listener's span is a child of the publish span in
 * whichever process of the fleet it runs.
 */
public class MicrometerOrbitObserver implements OrbitObserver {

    private final ObservationRegistry registry;

    private final Map<Kind, OrbitObservationConvention> defaultConventions = new EnumMap<>(Kind.class);

    private final Map<Kind, OrbitObservationConvention> customConventions = new EnumMap<>(Kind.class);

    /**
     * @param registry          the observation registry.
     * @param topicTag          turns a topic into its tag value.
     * @param customConventions an application's conventions (at most one per kind).
     */
    public MicrometerOrbitObserver(ObservationRegistry registry, UnaryOperator<String> topicTag,
            Collection<OrbitObservationConvention> customConventions) {
        this.registry = registry;
        for (Kind kind : Kind.values()) {
            this.defaultConventions.put(kind, new OrbitObservationConvention(kind, topicTag));
        }
        for (OrbitObservationConvention convention : customConventions) {
            OrbitObservationConvention previous = this.customConventions.put(convention.getKind(), convention);
            if (previous != null) {
                throw new IllegalArgumentException("two conventions for " + convention.getKind().observationName()
                        + " observations (" + previous + ", " + convention + "): declare at most one per kind");
            }
        }
    }

    @Override
    public boolean isObserving() {
        return !this.registry.isNoop();
    }

    private <C extends Observation.Context & OrbitObservationContext> Observation observation(C context) {
        return Observation.createNotStarted(this.customConventions.get(context.getOrbitKind()),
                this.defaultConventions.get(context.getOrbitKind()), () -> context, this.registry);
    }

    @Override
    public long publish(String topic, ToLongFunction<EventHeaders> publish, long nullId) {
        EventHeaders.Builder headers = EventHeaders.builder();
        OrbitPublishContext context = new OrbitPublishContext(topic, headers);
        Observation observation = observation(context).start();
        try {
            long id = publish.applyAsLong(headers.build());
            context.setEventId(id);
            context.setOutcome((id == nullId) ? "lost" : "committed");
            return id;
        }
        catch (RuntimeException | Error ex) {
            observation.error(ex);
            throw ex;
        }
        finally {
            observation.stop();
        }
    }

    @Override
    public Throwable listen(String listenerId, String topic, long eventId, EventHeaders headers,
            Invocation invocation) {
        OrbitListenerContext context = new OrbitListenerContext(listenerId, topic, eventId, headers);
        Observation observation = observation(context).start();
        Throwable failure;
        try (Observation.Scope scope = observation.openScope()) {
            failure = invocation.invoke();
        }
        if (failure != null) {
            observation.error(failure);
        }
        observation.stop();
        return failure;
    }

    @Override
    public <T> T claim(String subject, String scope, Supplier<T> claim, Function<? super T, String> outcome) {
        OrbitClaimContext context = new OrbitClaimContext(Kind.CLAIM, subject, scope);
        Observation observation = observation(context).start();
        try {
            T result = claim.get();
            context.setOutcome(outcome.apply(result));
            return result;
        }
        catch (RuntimeException | Error ex) {
            observation.error(ex);
            throw ex;
        }
        finally {
            observation.stop();
        }
    }

    @Override
    public Object hold(String subject, Work work) throws Throwable {
        OrbitClaimContext context = new OrbitClaimContext(Kind.HOLD, subject);
        Observation observation = observation(context).start();
        try (Observation.Scope scope = observation.openScope()) {
            return work.run();
        }
        catch (Throwable ex) {
            observation.error(ex);
            throw ex;
        }
        finally {
            observation.stop();
        }
    }

}
