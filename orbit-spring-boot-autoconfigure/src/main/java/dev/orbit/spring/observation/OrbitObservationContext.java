package dev.orbit.spring.observation;

/**
 * What an Orbit observation is about: its kind, the topic or claim subject, the listener, and how it ended. A
 * publish is observed with an {@link OrbitPublishContext} (a Micrometer {@code SenderContext} that writes the trace
 * context into the event's headers), a listener invocation with an {@link OrbitListenerContext} (a
 * {@code ReceiverContext} that reads it back), claims with an {@link OrbitClaimContext}.
 */
public interface OrbitObservationContext {

    /**
     * @return what is observed (named so as not to clash with the transport kind of Micrometer's sender and
     *     receiver contexts).
     */
    Kind getOrbitKind();

    /**
     * @return the topic or the claim subject.
     */
    String getTarget();

    /**
     * @return the listener, or {@code null}.
     */
    default String getListenerId() {
        return null;
    }

    /**
     * @return the event id (the published one once a publish returned), or 0.
     */
    default long getEventId() {
        return 0;
    }

    /**
     * @return {@code committed}/{@code lost} for a publish, {@code claimed}/{@code yielded} for a claim, else
     *     {@code none}.
     */
    default String getOutcome() {
        return "none";
    }

    /**
     * What an observation is about.
     */
    enum Kind {

        /** {@code orbit.publish}: an event published by this process. */
        PUBLISH("orbit.publish"),

        /** {@code orbit.listener}: an {@code @OrbitListener} method handling one event. */
        LISTENER("orbit.listener"),

        /** {@code orbit.claim}: taking a claim, the bounded wait included. */
        CLAIM("orbit.claim"),

        /** {@code orbit.claim.hold}: a {@code @Claimed} method running while its claim is held. */
        HOLD("orbit.claim.hold");

        private final String observationName;

        Kind(String observationName) {
            this.observationName = observationName;
        }

        /**
         * @return the observation's name.
         */
        public String observationName() {
            return this.observationName;
        }

    }

}
