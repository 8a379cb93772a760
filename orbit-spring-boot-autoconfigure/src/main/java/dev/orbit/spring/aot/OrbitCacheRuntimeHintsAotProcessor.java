package dev.orbit.spring.aot;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Hints for what Orbit's caches read reflectively in a native image: the record components of record keys of
 * {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} methods (the default key form lists them), and the
 * return types of {@code @Cacheable} and {@code @CachePut} methods, which the JSON value codec binds. Found by
 * scanning the bean classes at build time; values of other types need the application's own hints.
 */
class OrbitCacheRuntimeHintsAotProcessor implements BeanFactoryInitializationAotProcessor {

    private static final boolean CACHE_PRESENT = ClassUtils.isPresent("org.springframework.cache.annotation.Cacheable",
            OrbitCacheRuntimeHintsAotProcessor.class.getClassLoader());

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        if (!CACHE_PRESENT) {
            return null;
        }
        Set<Class<?>> keys = new LinkedHashSet<>();
        Set<Type> values = new LinkedHashSet<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            Class<?> beanClass = RegisteredBean.of(beanFactory, name).getBeanClass();
            ReflectionUtils.doWithMethods(ClassUtils.getUserClass(beanClass), (method) -> collect(method, keys, values));
        }
        if (keys.isEmpty() && values.isEmpty()) {
            return null;
        }
        return (context, code) -> register(context.getRuntimeHints(), keys, values);
    }

    private static void collect(Method method, Set<Class<?>> keys, Set<Type> values) {
        MergedAnnotations annotations = MergedAnnotations.from(method);
        boolean caches = annotations.isPresent(Cacheable.class) || annotations.isPresent(CachePut.class);
        if (!caches && !annotations.isPresent(CacheEvict.class)) {
            return;
        }
        for (Class<?> parameter : method.getParameterTypes()) {
            if (parameter.isRecord()) {
                keys.add(parameter);
            }
        }
        if (caches && method.getReturnType() != void.class) {
            values.add(method.getGenericReturnType());
        }
    }

    static void register(RuntimeHints hints, Set<Class<?>> keys, Set<Type> values) {
        for (Class<?> key : keys) {
            hints.reflection().registerType(key, MemberCategory.INVOKE_PUBLIC_METHODS);
            hints.reflection().registerType(key, (type) -> type.withMembers(MemberCategory.INVOKE_DECLARED_METHODS));
        }
        BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
        bindings.registerReflectionHints(hints.reflection(), values.toArray(new Type[0]));
    }

}
