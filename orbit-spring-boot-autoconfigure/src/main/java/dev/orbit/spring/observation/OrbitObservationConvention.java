package dev.orbit.spring.observation;

import java.util.function.UnaryOperator;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Name and tags of one kind of Orbit observation. Low cardinality: {@code topic} (bounded as the meters bound
 * it), {@code listener}, {@code outcome}, {@code scope} of claims ({@code host} or {@code fleet}); high
 * cardinality: {@code subject} of claims, {@code event.id}. A meter
 * handler adds {@code error}. An application replaces one by declaring a bean of this type for that kind. It names
 * only {@link OrbitObservationContext Orbit's contexts}.
 */
public class OrbitObservationConvention implements ObservationConvention<Observation.Context> {

    private final OrbitObservationContext.Kind kind;

    private final UnaryOperator<String> topicTag;

    /**
     * @param kind     the observations it names.
     * @param topicTag turns a topic into its tag value (for example the bounded topic tags of the meters).
     */
    public OrbitObservationConvention(OrbitObservationContext.Kind kind, UnaryOperator<String> topicTag) {
        this.kind = kind;
        this.topicTag = topicTag;
    }

    /**
     * @return the observations it names.
     */
    public OrbitObservationContext.Kind getKind() {
        return this.kind;
    }

    @Override
    public String getName() {
        return this.kind.observationName();
    }

    @Override
    public String getContextualName(Observation.Context observed) {
        OrbitObservationContext context = (OrbitObservationContext) observed;
        return switch (context.getOrbitKind()) {
            case PUBLISH -> "orbit publish " + this.topicTag.apply(context.getTarget());
            case LISTENER -> "orbit listen " + context.getListenerId();
            case CLAIM -> "orbit claim";
            case HOLD -> "orbit hold";
        };
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(Observation.Context observed) {
        OrbitObservationContext context = (OrbitObservationContext) observed;
        return switch (context.getOrbitKind()) {
            case PUBLISH -> KeyValues.of("topic", this.topicTag.apply(context.getTarget()), "outcome",
                    context.getOutcome());
            case LISTENER -> KeyValues.of("listener", context.getListenerId(), "topic",
                    this.topicTag.apply(context.getTarget()));
            case CLAIM -> KeyValues.of("outcome", context.getOutcome(), "scope",
                    (context instanceof OrbitClaimContext claim) ? claim.getScope() : "host");
            case HOLD -> KeyValues.empty();
        };
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(Observation.Context observed) {
        OrbitObservationContext context = (OrbitObservationContext) observed;
        return switch (context.getOrbitKind()) {
            case PUBLISH, LISTENER -> KeyValues.of("event.id", Long.toString(context.getEventId()));
            case CLAIM, HOLD -> KeyValues.of("subject", context.getTarget());
        };
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof OrbitObservationContext orbit && orbit.getOrbitKind() == this.kind;
    }

}
