package dev.orbit.spring.metrics;

/**
 * A listener whose lag {@link OrbitMeterBinder} reports as {@code orbit.listener.lag}: a listener container.
 */
public interface ListenerLag {

    /**
     * @return the listener's id, the meter's {@code listener} tag.
     */
    String getId();

    /**
     * @return events published but not yet read by the listener.
     */
    long getLag();

}
