package dev.orbit.spring.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Type;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;

/**
 * Makes {@link OrbitListener} methods reachable in a native image: each method may be invoked, and its payload
 * parameter type may be bound by the JSON payload converter (its constructors, fields, accessors and nested types).
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
    }

    private static boolean needsBinding(Type parameter) {
        return parameter != OrbitMessage.class && parameter != String.class && parameter != byte[].class;
    }

}
