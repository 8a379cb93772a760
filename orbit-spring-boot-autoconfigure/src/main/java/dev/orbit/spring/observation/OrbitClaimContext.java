package dev.orbit.spring.observation;

import io.micrometer.observation.Observation;

/**
 * The {@code orbit.claim} and {@code orbit.claim.hold} observations: the claim subject and how the claim ended.
 */
public class OrbitClaimContext extends Observation.Context implements OrbitObservationContext {

    private final OrbitObservationContext.Kind kind;

    private final String subject;

    private final String scope;

    private String outcome = "none";

    /**
     * A claim of this host's processes.
     *
     * @param kind    {@link OrbitObservationContext.Kind#CLAIM} or {@link OrbitObservationContext.Kind#HOLD}.
     * @param subject the claim subject.
     */
    public OrbitClaimContext(OrbitObservationContext.Kind kind, String subject) {
        this(kind, subject, "host");
    }

    /**
     * @param kind    {@link OrbitObservationContext.Kind#CLAIM} or {@link OrbitObservationContext.Kind#HOLD}.
     * @param subject the claim subject.
     * @param scope   {@code host} (this host's processes) or {@code fleet} (every host, through the bridge).
     */
    public OrbitClaimContext(OrbitObservationContext.Kind kind, String subject, String scope) {
        if (kind != OrbitObservationContext.Kind.CLAIM && kind != OrbitObservationContext.Kind.HOLD) {
            throw new IllegalArgumentException("a claim context observes CLAIM or HOLD: kind=" + kind);
        }
        this.kind = kind;
        this.subject = subject;
        this.scope = scope;
    }

    @Override
    public OrbitObservationContext.Kind getOrbitKind() {
        return this.kind;
    }

    @Override
    public String getTarget() {
        return this.subject;
    }

    /**
     * @return {@code host} or {@code fleet}.
     */
    public String getScope() {
        return this.scope;
    }

    @Override
    public String getOutcome() {
        return this.outcome;
    }

    void setOutcome(String outcome) {
        this.outcome = outcome;
    }

}
