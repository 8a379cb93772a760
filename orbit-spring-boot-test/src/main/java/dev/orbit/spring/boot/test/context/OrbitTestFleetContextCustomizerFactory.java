package dev.orbit.spring.boot.test.context;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives every Spring test context a fleet of its own, or the one its {@link OrbitTestFleet} names. Registered in
 * {@code META-INF/spring.factories}, so adding {@code orbit-spring-boot-test} is all a test needs.
 */
public class OrbitTestFleetContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        OrbitTestFleet fleet = TestContextAnnotationUtils.findMergedAnnotation(testClass, OrbitTestFleet.class);
        return (fleet != null) ? new OrbitTestFleetContextCustomizer(fleet.name(), fleet.inProcess())
                : new OrbitTestFleetContextCustomizer("", false);
    }

}
