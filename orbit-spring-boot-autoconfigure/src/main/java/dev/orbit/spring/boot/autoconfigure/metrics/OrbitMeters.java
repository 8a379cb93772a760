package dev.orbit.spring.boot.autoconfigure.metrics;

/**
 * What Orbit's Spring components count, independent of any metrics library. The default records nothing;
 * with Micrometer, {@link OrbitMeterBinder} turns each call into an {@code orbit.*} meter. Implementations
 * must be cheap and must never throw.
 */
public interface OrbitMeters {

    /** Records nothing. */
    OrbitMeters NONE = new OrbitMeters() {
    };

    /**
     * An event was published.
     *
     * @param topic the topic.
     * @param lost  true when its write was lost.
     */
    default void eventPublished(String topic, boolean lost) {
    }

    /**
     * A listener received an event.
     *
     * @param listenerId the listener.
     * @param topic      the event's topic.
     */
    default void eventReceived(String listenerId, String topic) {
    }

    /**
     * A listener's cursor missed events (overwritten or unavailable).
     *
     * @param listenerId the listener.
     * @param count      positions missed.
     */
    default void eventsLost(String listenerId, long count) {
    }

    /**
     * A listener method threw.
     *
     * @param listenerId the listener.
     */
    default void listenerError(String listenerId) {
    }

    /**
     * A claim attempt or renewal ended with an outcome.
     *
     * @param outcome {@code claimed}, {@code yielded}, {@code renewed}, {@code lost} or {@code released}.
     */
    default void claim(String outcome) {
    }

    /**
     * A cache value was not stored: too large for a slot, or not encodable.
     *
     * @param cacheName the cache.
     */
    default void cacheOversize(String cacheName) {
    }

}
