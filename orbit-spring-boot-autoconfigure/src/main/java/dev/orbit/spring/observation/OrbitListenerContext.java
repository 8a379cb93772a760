package dev.orbit.spring.observation;

import dev.orbit.event.EventHeaders;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * The {@code orbit.listener} observation: a Micrometer {@link ReceiverContext} whose carrier is the received
 * event's {@link EventHeaders}, so a tracer's propagating handler continues the trace whose {@code traceparent}
 * (and {@code tracestate}) the publisher wrote, in this process or another.
 */
public class OrbitListenerContext extends ReceiverContext<EventHeaders> implements OrbitObservationContext {

    private final String topic;

    private final String listenerId;

    private final long eventId;

    /**
     * @param listenerId the listener.
     * @param topic      the event's topic.
     * @param eventId    the event's id.
     * @param headers    the event's headers.
     */
    public OrbitListenerContext(String listenerId, String topic, long eventId, EventHeaders headers) {
        super(OrbitListenerContext::get, io.micrometer.observation.transport.Kind.CONSUMER);
        this.topic = topic;
        this.listenerId = listenerId;
        this.eventId = eventId;
        setCarrier(headers);
        setRemoteServiceName("orbit");
    }

    private static String get(EventHeaders carrier, String key) {
        if (carrier == null) {
            return null;
        }
        return switch (key) {
            case "traceparent" -> carrier.traceparent().orElse(null);
            case "tracestate" -> carrier.tracestate().orElse(null);
            default -> null;
        };
    }

    @Override
    public OrbitObservationContext.Kind getOrbitKind() {
        return OrbitObservationContext.Kind.LISTENER;
    }

    @Override
    public String getTarget() {
        return this.topic;
    }

    @Override
    public String getListenerId() {
        return this.listenerId;
    }

    @Override
    public long getEventId() {
        return this.eventId;
    }

}
