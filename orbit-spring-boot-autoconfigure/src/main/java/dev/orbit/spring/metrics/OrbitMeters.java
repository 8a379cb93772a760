package dev.orbit.spring.metrics;

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
     * A listener method returned or threw. Called only when no observation records the listener's processing
     * time (without an {@code ObservationRegistry}).
     *
     * @param listenerId the listener.
     * @param topic      the event's topic.
     * @param nanos      time the method (and the conversion of its arguments) took.
     * @param error      what it threw, or {@code null}.
     */
    default void listenerProcessed(String listenerId, String topic, long nanos, Throwable error) {
    }

    /**
     * A listener method threw.
     *
     * @param listenerId the listener.
     */
    default void listenerError(String listenerId) {
    }

    /**
     * A listener calls its method again after it threw.
     *
     * @param listenerId the listener.
     */
    default void listenerRetry(String listenerId) {
    }

    /**
     * A listener gave up on an event: every attempt threw, or a stop cut the retries short.
     *
     * @param listenerId the listener.
     */
    default void listenerFailed(String listenerId) {
    }

    /**
     * A listener published (or tried to publish) an event it gave up on to its dead-letter topic.
     *
     * @param listenerId the listener.
     * @param outcome    {@code published}, {@code lost} (its write was lost) or {@code failed} (logged).
     */
    default void listenerDeadLetter(String listenerId, String outcome) {
    }

    /**
     * A listener published (or tried to publish) a {@code @SendTo} reply.
     *
     * @param listenerId the listener.
     * @param outcome    {@code published}, {@code lost} (its write was lost) or {@code failed} (logged).
     */
    default void listenerReply(String listenerId, String outcome) {
    }

    /**
     * A listener's polling thread found a worker's queue full and waits for room.
     *
     * @param listenerId the listener.
     */
    default void listenerHandoffWait(String listenerId) {
    }

    /**
     * A claim attempt or renewal ended with an outcome.
     *
     * @param outcome {@code claimed}, {@code yielded}, {@code unavailable} (a fleet claim Redis could not decide),
     *                {@code renewed}, {@code renewal-failed} (not confirmed, still held), {@code lost} or
     *                {@code released}.
     */
    default void claim(String outcome) {
    }

    /**
     * A cache value was not stored: too large for a slot, or not encodable. (Micrometer sees these through
     * Spring Boot's cache metrics, {@code cache.orbit.skipped}; this hook is for other recorders.)
     *
     * @param cacheName the cache.
     */
    default void cacheOversize(String cacheName) {
    }

    /**
     * A {@code sync = true} load or a {@code putIfAbsent} ran without the cross-process claim of its key's stripe,
     * because the contest failed (for example a full claims table) or {@code orbit.cache.sync-timeout} passed; a
     * {@code putIfAbsent} was then atomic within this process only.
     *
     * @param cacheName the cache.
     */
    default void cacheSyncFallback(String cacheName) {
    }

    /**
     * A cache write was not applied, after its retries: its frame was lost each time, or the cache refused it
     * (for example a closed fleet). Older values may still be served.
     *
     * @param cacheName the cache.
     * @param operation {@code put}, {@code evict} or {@code clear}.
     */
    default void cacheWriteLost(String cacheName, String operation) {
    }

}
