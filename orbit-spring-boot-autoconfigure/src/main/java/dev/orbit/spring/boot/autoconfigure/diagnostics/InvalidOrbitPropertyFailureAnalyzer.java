package dev.orbit.spring.boot.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidOrbitPropertyException}: the property, its value, the reason and the fix.
 */
class InvalidOrbitPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidOrbitPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidOrbitPropertyException cause) {
        String description = String.format("Invalid Orbit configuration:%n%n    Property: %s%n    Value: \"%s\"%n"
                + "    Reason: %s%n", cause.getProperty(),
                InvalidOrbitPropertyException.display(cause.getValue()), cause.getReason());
        String action = String.format("Update your application's configuration: %s.", cause.getFix());
        return new FailureAnalysis(description, action, cause);
    }

}
