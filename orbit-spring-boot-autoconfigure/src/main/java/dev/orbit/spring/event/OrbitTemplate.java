package dev.orbit.spring.event;

import java.util.function.Supplier;

import dev.orbit.event.OrbitEventBus;
import dev.orbit.ring.NetId64;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.observation.OrbitObserver;

/**
 * Publishes events to every process of the fleet, converting payloads with the {@link OrbitPayloadConverter}:
 * {@code byte[]} as is, {@link String} as UTF-8, anything else as JSON when Jackson is present.
 * <p>
 * <b>Loss is not an error condition.</b> A publish whose write was lost returns {@link NetId64#NULL} and is
 * counted ({@code orbit.events.published{result=lost}}); listeners that fall behind are told how much they
 * missed. With a tracer, each event carries the W3C trace context of its publish (see
 * {@link dev.orbit.spring.observation.MicrometerOrbitObserver}). Thread-safe.
 */
public class OrbitTemplate {

    private final OrbitEventBus eventBus;

    private final OrbitPayloadConverter converter;

    private final Supplier<OrbitMeters> meters;

    private final Supplier<OrbitObserver> observer;

    /**
     * @param eventBus  the fleet's event bus.
     * @param converter converts payloads to bytes.
     * @param meters    where publishes are counted.
     */
    public OrbitTemplate(OrbitEventBus eventBus, OrbitPayloadConverter converter, Supplier<OrbitMeters> meters) {
        this(eventBus, converter, meters, () -> OrbitObserver.NONE);
    }

    /**
     * @param eventBus  the fleet's event bus.
     * @param converter converts payloads to bytes.
     * @param meters    where publishes are counted.
     * @param observer  where publishes are observed ({@code orbit.publish}).
     */
    public OrbitTemplate(OrbitEventBus eventBus, OrbitPayloadConverter converter, Supplier<OrbitMeters> meters,
            Supplier<OrbitObserver> observer) {
        this.eventBus = eventBus;
        this.converter = converter;
        this.meters = meters;
        this.observer = observer;
    }

    /**
     * Publishes an event.
     *
     * @param topic   the topic, 1 to 255 UTF-8 bytes.
     * @param payload the payload: {@code byte[]}, a {@link String} or (with Jackson) any JSON-mappable object.
     * @return the event's NetId64, or {@link NetId64#NULL} when its write was lost.
     * @throws IllegalArgumentException when the payload cannot be converted, or topic and payload do not fit a
     *     slot (both lengths named).
     */
    public long publish(String topic, Object payload) {
        byte[] bytes = this.converter.toBytes(payload);
        long id = this.observer.get().publish(topic,
                (headers) -> this.eventBus.publish(topic, headers, bytes), NetId64.NULL);
        this.meters.get().eventPublished(topic, id == NetId64.NULL);
        return id;
    }

    /**
     * @return the event bus.
     */
    public OrbitEventBus getEventBus() {
        return this.eventBus;
    }

    /**
     * @return the payload converter.
     */
    public OrbitPayloadConverter getPayloadConverter() {
        return this.converter;
    }

}
