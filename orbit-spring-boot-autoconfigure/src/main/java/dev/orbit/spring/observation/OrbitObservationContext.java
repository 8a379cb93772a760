package dev.orbit.spring.observation;

import io.micrometer.observation.Observation;

/**
 * What an Orbit observation is about: its kind, the topic or claim subject, the listener, and how it ended.
 */
public class OrbitObservationContext extends Observation.Context {

    private final Kind kind;

    private final String target;

    private final String listenerId;

    private long eventId;

    private String outcome = "none";

    /**
     * @param kind       what is observed.
     * @param target     the topic (publish, listener) or the claim subject.
     * @param listenerId the listener, or {@code null}.
     * @param eventId    the event id, or 0.
     */
    public OrbitObservationContext(Kind kind, String target, String listenerId, long eventId) {
        this.kind = kind;
        this.target = target;
        this.listenerId = listenerId;
        this.eventId = eventId;
    }

    /**
     * @return what is observed.
     */
    public Kind getKind() {
        return this.kind;
    }

    /**
     * @return the topic or the claim subject.
     */
    public String getTarget() {
        return this.target;
    }

    /**
     * @return the listener, or {@code null}.
     */
    public String getListenerId() {
        return this.listenerId;
    }

    /**
     * @return the event id (the published one once a publish returned), or 0.
     */
    public long getEventId() {
        return this.eventId;
    }

    void setEventId(long eventId) {
        this.eventId = eventId;
    }

    /**
     * @return {@code committed}/{@code lost} for a publish, {@code claimed}/{@code yielded} for a claim, else
     *     {@code none}.
     */
    public String getOutcome() {
        return this.outcome;
    }

    void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    /**
     * What an observation is about.
     */
    public enum Kind {

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
