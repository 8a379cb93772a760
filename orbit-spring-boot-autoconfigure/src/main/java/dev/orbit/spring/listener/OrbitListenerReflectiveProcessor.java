package dev.orbit.spring.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Type;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Makes {@link OrbitListener} methods reachable in a native image: each method may be invoked, and its payload
 * parameter type (and the return type of a {@link SendTo} method) may be bound by the JSON payload converter (its
 * constructors, fields, accessors and nested types).
 * Spring's AOT processing finds it through {@link org.springframework.aot.hint.annotation.Reflective} on
 * {@code @OrbitListener}.
 */
public class OrbitListenerReflectiveProcessor extends SimpleReflectiveProcessor {

    private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

    @Override
    protected void registerMethodHint(ReflectionHints hints, Method method) {
        super.registerMethodHint(hints, method);
        for (Type parameter : method.getGenericParameterTypes()) {
            if (needsBinding(parameter)) {
                this.bindings.registerReflectionHints(hints, parameter);
            }
        }
        if (AnnotatedElementUtils.hasAnnotation(method, SendTo.class)
                && needsBinding(method.getGenericReturnType())) {
            this.bindings.registerReflectionHints(hints, method.getGenericReturnType());
        }
    }

    private static boolean needsBinding(Type parameter) {
        return parameter != OrbitMessage.class && parameter != String.class && parameter != byte[].class
                && parameter != void.class && parameter != Object.class;
    }

}
