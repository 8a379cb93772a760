package dev.orbit.spring.claim;

import java.lang.reflect.Method;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;

/**
 * Makes {@link Claimed} methods work in a native image: the proxy invokes each method reflectively, and a subject
 * template's SpEL reads the method's arguments through their public methods (as {@code #{#order.region}} does).
 * Spring's AOT processing finds it through {@link org.springframework.aot.hint.annotation.Reflective} on
 * {@code @Claimed}.
 */
public class ClaimedReflectiveProcessor extends SimpleReflectiveProcessor {

    @Override
    protected void registerMethodHint(ReflectionHints hints, Method method) {
        super.registerMethodHint(hints, method);
        for (Class<?> parameter : method.getParameterTypes()) {
            if (!parameter.isPrimitive() && !parameter.getName().startsWith("java.")) {
                hints.registerType(parameter, MemberCategory.INVOKE_PUBLIC_METHODS);
            }
        }
    }

}
