package dev.orbit.spring.boot.autoconfigure.cache;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code spring.cache.type} is set: an application that names a Spring Boot cache type gets that
 * one, not Orbit's.
 */
class OnSpringCacheTypeUnsetCondition extends SpringBootCondition {

    private static final String PROPERTY = "spring.cache.type";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String type = context.getEnvironment().getProperty(PROPERTY);
        if (type != null && !type.isBlank()) {
            return ConditionOutcome.noMatch(PROPERTY + " is set to '" + type + "'");
        }
        return ConditionOutcome.match(PROPERTY + " is not set");
    }

}
