package dev.orbit.spring.boot.autoconfigure.diagnostics;

import dev.orbit.spring.listener.OrbitListenerConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link OrbitListenerConfigurationException}: the listener method, the attribute, its value, the
 * reason and the fix.
 */
class InvalidOrbitListenerFailureAnalyzer extends AbstractFailureAnalyzer<OrbitListenerConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, OrbitListenerConfigurationException cause) {
        String description = String.format("Invalid Orbit listener:%n%n    Method: %s%n    Attribute: %s%n"
                + "    Value: \"%s\"%n    Reason: %s%n", cause.getMethod(), cause.getAttribute(), cause.getValue(),
                cause.getReason());
        String action = String.format("Update %s on %s: %s.", cause.getAttribute(), cause.getMethod(),
                cause.getFix());
        return new FailureAnalysis(description, action, cause);
    }

}
