package dev.orbit.spring.observation;

import dev.orbit.event.EventHeaders;
import io.micrometer.observation.transport.SenderContext;

/**
 * The {@code orbit.publish} observation: a Micrometer {@link SenderContext} whose carrier is the event's
 * {@link EventHeaders.Builder}, so a tracer's propagating handler writes the W3C {@code traceparent} and
 * {@code tracestate} into the event (other propagation fields have no place in an event and are not carried; a
 * {@code tracestate} that is not 1..255 printable ASCII characters is left out, the {@code traceparent} still
 * goes).
 */
public class OrbitPublishContext extends SenderContext<EventHeaders.Builder> implements OrbitObservationContext {

    private final String topic;

    private long eventId;

    private String outcome = "none";

    /**
     * @param topic   the topic.
     * @param headers the headers the event will carry.
     */
    public OrbitPublishContext(String topic, EventHeaders.Builder headers) {
        super(OrbitPublishContext::set, io.micrometer.observation.transport.Kind.PRODUCER);
        this.topic = topic;
        setCarrier(headers);
        setRemoteServiceName("orbit");
    }

    private static void set(EventHeaders.Builder carrier, String key, String value) {
        if (carrier == null) {
            return;
        }
        try {
            switch (key) {
                case "traceparent" -> carrier.traceparent(value);
                case "tracestate" -> carrier.tracestate(value);
                default -> {
                    // An event carries W3C trace context only.
                }
            }
        }
        catch (IllegalArgumentException tooLongOrNotAscii) {
            // The event header's limits (1..255 printable ASCII): the event goes without that field.
        }
    }

    @Override
    public OrbitObservationContext.Kind getOrbitKind() {
        return OrbitObservationContext.Kind.PUBLISH;
    }

    @Override
    public String getTarget() {
        return this.topic;
    }

    @Override
    public long getEventId() {
        return this.eventId;
    }

    void setEventId(long eventId) {
        this.eventId = eventId;
    }

    @Override
    public String getOutcome() {
        return this.outcome;
    }

    void setOutcome(String outcome) {
        this.outcome = outcome;
    }

}
