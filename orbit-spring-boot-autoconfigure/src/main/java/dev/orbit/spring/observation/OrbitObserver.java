package dev.orbit.spring.observation;

import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.YieldTo;
import dev.orbit.event.EventHeaders;

/**
 * Where Orbit's Spring components open observations, independent of any observation library: the default only
 * runs what it is given; with Micrometer, {@link MicrometerOrbitObserver} wraps each in an {@code Observation}
 * (so a tracer sees publishes, listener invocations and claims, and a meter handler times them).
 */
public interface OrbitObserver {

    /** Observes nothing. */
    OrbitObserver NONE = new OrbitObserver() {
    };

    /**
     * @return whether calls are observed; when not, callers time the work themselves (the listener Timer).
     */
    default boolean isObserving() {
        return false;
    }

    /**
     * Publishes an event with the headers the observation adds (the trace context, with a tracer).
     *
     * @param topic   the topic.
     * @param publish publishes with the given headers; returns the event id, or the null id when the write was
     *                lost.
     * @param nullId  the id of a lost write.
     * @return what {@code publish} returned.
     */
    default long publish(String topic, ToLongFunction<EventHeaders> publish, long nullId) {
        return publish.applyAsLong(EventHeaders.NONE);
    }

    /**
     * Invokes a listener for one event; the observation is current while it runs and continues the trace the
     * event's headers carry.
     *
     * @param listenerId the listener.
     * @param topic      the event's topic.
     * @param eventId    the event's id.
     * @param headers    the event's headers.
     * @param invocation invokes the listener.
     * @return what the listener threw, or {@code null}.
     */
    default Throwable listen(String listenerId, String topic, long eventId, EventHeaders headers,
            Invocation invocation) {
        return invocation.invoke();
    }

    /**
     * Tries to take a claim of this host (waiting as the caller allows).
     *
     * @param subject the subject.
     * @param claim   takes it.
     * @return what {@code claim} returned.
     */
    default ClaimResult claim(String subject, Supplier<ClaimResult> claim) {
        return claim(subject, "host", claim, (result) -> (result instanceof YieldTo) ? "yielded" : "claimed");
    }

    /**
     * Tries to take a claim of any scope (waiting as the caller allows).
     *
     * @param subject the subject.
     * @param scope   {@code host} (this host's processes) or {@code fleet} (every host, through the bridge).
     * @param claim   takes it.
     * @param outcome names how an attempt ended: {@code claimed}, {@code yielded} or {@code unavailable}.
     * @param <T>     the attempt's result.
     * @return what {@code claim} returned.
     */
    default <T> T claim(String subject, String scope, Supplier<T> claim, Function<? super T, String> outcome) {
        return claim.get();
    }

    /**
     * Runs work while holding a claim; the observation is current while it runs.
     *
     * @param subject the subject.
     * @param work    the work.
     * @return what {@code work} returned.
     * @throws Throwable what {@code work} threw.
     */
    default Object hold(String subject, Work work) throws Throwable {
        return work.run();
    }

    /**
     * A listener invocation that reports what it threw rather than throwing.
     */
    @FunctionalInterface
    interface Invocation {

        /**
         * @return what the listener threw, or {@code null}.
         */
        Throwable invoke();

    }

    /**
     * Work done while a claim is held.
     */
    @FunctionalInterface
    interface Work {

        /**
         * @return its result.
         * @throws Throwable what it threw.
         */
        Object run() throws Throwable;

    }

}
