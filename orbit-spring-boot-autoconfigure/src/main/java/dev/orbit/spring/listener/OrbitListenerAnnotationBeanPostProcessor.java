package dev.orbit.spring.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.orbit.ring.StartPosition;
import dev.orbit.spring.event.OrbitPayloadConverter;

import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * Finds {@link OrbitListener} methods on every bean and, once all singletons exist, registers a
 * {@link OrbitListenerContainer} for each with the {@link OrbitListenerRegistry}. A method that cannot be a
 * listener (no or several parameters, a parameter type the payload converter cannot produce, no topics, a
 * malformed start position) fails startup with a message naming it.
 */
public class OrbitListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, AopInfrastructureBean {

    private final Function<BeanFactory, Factory> factory;

    private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

    private final List<Endpoint> endpoints = new ArrayList<>();

    private ConfigurableBeanFactory beanFactory;

    /**
     * @param factory creates the containers' shared settings once singletons exist.
     */
    public OrbitListenerAnnotationBeanPostProcessor(Function<BeanFactory, Factory> factory) {
        this.factory = factory;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = (ConfigurableBeanFactory) beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof AopInfrastructureBean) {
            return bean;
        }
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (this.nonAnnotatedClasses.contains(targetClass)) {
            return bean;
        }
        Map<Method, OrbitListener> methods = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<OrbitListener>) (method) -> AnnotatedElementUtils
                    .findMergedAnnotation(method, OrbitListener.class));
        if (methods.isEmpty()) {
            this.nonAnnotatedClasses.add(targetClass);
            return bean;
        }
        methods.forEach((method, annotation) -> {
            validate(method);
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            synchronized (this.endpoints) {
                this.endpoints.add(new Endpoint(bean, beanName, method, invocable, annotation));
            }
        });
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Endpoint> found;
        synchronized (this.endpoints) {
            found = List.copyOf(this.endpoints);
            this.endpoints.clear();
        }
        if (found.isEmpty()) {
            return;
        }
        Factory containers = this.factory.apply(this.beanFactory);
        for (Endpoint endpoint : found) {
            containers.registry().register(createContainer(endpoint, containers));
        }
    }

    private OrbitListenerContainer createContainer(Endpoint endpoint, Factory containers) {
        OrbitListener annotation = endpoint.annotation();
        String id = resolve(annotation.id());
        if (!StringUtils.hasText(id)) {
            id = endpoint.beanName() + "." + endpoint.method().getName();
        }
        Set<String> topics = new LinkedHashSet<>();
        for (String topic : annotation.topics()) {
            String resolved = resolve(topic);
            if (StringUtils.hasText(resolved)) {
                topics.addAll(StringUtils.commaDelimitedListToSet(resolved).stream().map(String::trim).toList());
            }
        }
        if (topics.isEmpty()) {
            throw new IllegalStateException("@OrbitListener method " + describe(endpoint.method())
                    + " names no topic: set topics = \"...\"");
        }
        String autoStartup = resolve(annotation.autoStartup());
        if (!"true".equalsIgnoreCase(autoStartup) && !"false".equalsIgnoreCase(autoStartup)) {
            throw new IllegalStateException("@OrbitListener method " + describe(endpoint.method())
                    + " has autoStartup=\"" + autoStartup + "\": use \"true\" or \"false\"");
        }
        String position = resolve(annotation.startPosition());
        StartPosition start;
        try {
            start = StringUtils.hasText(position) ? StartPosition.valueOf(position.trim().toUpperCase(Locale.ROOT))
                    : containers.defaultStartPosition();
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("@OrbitListener method " + describe(endpoint.method())
                    + " has startPosition=\"" + position + "\": use LATEST or EARLIEST", ex);
        }
        Type parameter = endpoint.method().getGenericParameterTypes()[0];
        if (parameter != OrbitMessage.class && !containers.settings().payloadConverter().canConvert(parameter)) {
            throw new IllegalStateException("@OrbitListener method " + describe(endpoint.method())
                    + " takes a " + parameter.getTypeName() + " but the payload converter cannot produce it: take "
                    + "byte[], String or OrbitMessage, add tools.jackson.core:jackson-databind for JSON payloads, "
                    + "or declare an " + OrbitPayloadConverter.class.getSimpleName() + " bean");
        }
        return new OrbitListenerContainer(id, topics, endpoint.bean(), endpoint.invocable(),
                Boolean.parseBoolean(autoStartup), start, containers.settings());
    }

    private static void validate(Method method) {
        if (method.getParameterCount() != 1) {
            throw new IllegalStateException("@OrbitListener method " + describe(method) + " must take exactly one "
                    + "parameter (byte[], String, OrbitMessage or a JSON-mapped type), found "
                    + method.getParameterCount());
        }
        if (Modifier.isStatic(method.getModifiers())) {
            throw new IllegalStateException("@OrbitListener method " + describe(method) + " must not be static");
        }
    }

    private String resolve(String value) {
        return (this.beanFactory != null && value != null) ? this.beanFactory.resolveEmbeddedValue(value) : value;
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + "()";
    }

    /**
     * What containers are made of.
     *
     * @param registry             where containers are registered.
     * @param settings             collaborators shared by every container.
     * @param defaultStartPosition start position of listeners that give none.
     */
    public record Factory(OrbitListenerRegistry registry, OrbitListenerContainer.Settings settings,
            StartPosition defaultStartPosition) {
    }

    private record Endpoint(Object bean, String beanName, Method method, Method invocable, OrbitListener annotation) {
    }

}
