package dev.orbit.spring.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.orbit.ring.StartPosition;
import dev.orbit.spring.event.OrbitPayloadConverter;
import dev.orbit.spring.metrics.TopicTags;

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
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Finds {@link OrbitListener} methods on every bean and, once all singletons exist, registers a
 * {@link OrbitListenerContainer} for each with the {@link OrbitListenerRegistry}. A method that cannot be a
 * listener (no or several parameters, a parameter type the payload converter cannot produce, no topics, a
 * malformed start position, concurrency, retry, dead-letter or {@link SendTo} attribute) fails startup with a
 * message naming it, the attribute and the fix.
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
            SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
            synchronized (this.endpoints) {
                this.endpoints.add(new Endpoint(bean, beanName, method, invocable, annotation, sendTo));
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
        containers.topicTags().reserve(topics);
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
        Type parameter = OrbitListenerContainer.payloadType(endpoint.method());
        if (parameter != null && !containers.settings().payloadConverter().canConvert(parameter)) {
            throw new IllegalStateException("@OrbitListener method " + describe(endpoint.method())
                    + " takes a " + parameter.getTypeName() + " but the payload converter cannot produce it: take "
                    + "byte[], String or OrbitMessage, add tools.jackson.core:jackson-databind for JSON payloads, "
                    + "or declare an " + OrbitPayloadConverter.class.getSimpleName() + " bean");
        }
        return new OrbitListenerContainer(id, topics, endpoint.bean(), endpoint.invocable(),
                Boolean.parseBoolean(autoStartup), start, containers.settings(),
                options(endpoint, topics, containers.defaults()));
    }

    private OrbitListenerContainer.Options options(Endpoint endpoint, Set<String> topics, Defaults defaults) {
        OrbitListener annotation = endpoint.annotation();
        String method = describe(endpoint.method());
        int concurrency = integer(method, "concurrency", annotation.concurrency(), defaults.concurrency(), 1, 256,
                "set it to a number of threads from 1 (the polling thread runs the method) to 256");
        int attempts = integer(method, "attempts", annotation.attempts(), defaults.attempts(), 1, Integer.MAX_VALUE,
                "set it to 1 for no retry, or to the calls per event at most, such as 3");
        Duration interval = duration(method, "backOffInterval", annotation.backOffInterval(), defaults.interval());
        // Without its own maximum, a listener whose first wait is longer than the default maximum waits that long.
        Duration maxInterval = duration(method, "backOffMaxInterval", annotation.backOffMaxInterval(),
                (defaults.maxInterval().compareTo(interval) < 0) ? interval : defaults.maxInterval());
        String multiplierText = resolve(annotation.backOffMultiplier());
        double multiplier = defaults.multiplier();
        if (StringUtils.hasText(multiplierText)) {
            try {
                multiplier = Double.parseDouble(multiplierText.trim());
            }
            catch (NumberFormatException ex) {
                multiplier = Double.NaN;
            }
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw attributeFailure(method, "backOffMultiplier", multiplierText,
                        "each wait must be at least as long as the one before",
                        "set it to a number of 1 or more, such as 2 (1 waits the same interval each time)");
            }
        }
        if (maxInterval.compareTo(interval) < 0) {
            throw attributeFailure(method, "backOffMaxInterval", maxInterval.toString(),
                    "it is shorter than the first wait (backOffInterval = " + interval + ")",
                    "set backOffMaxInterval to at least backOffInterval, or shorten backOffInterval");
        }
        ExponentialBackOff backOff = new ExponentialBackOff(interval.toMillis(), multiplier);
        backOff.setMaxInterval(maxInterval.toMillis());
        Map<String, String> deadLetterTopics = new LinkedHashMap<>();
        String deadLetterTopic = resolve(annotation.deadLetterTopic());
        for (String topic : topics) {
            String target = StringUtils.hasText(deadLetterTopic) ? deadLetterTopic.trim()
                    : StringUtils.hasLength(defaults.deadLetterSuffix()) ? topic + defaults.deadLetterSuffix() : null;
            if (target != null) {
                checkTopic(method, "deadLetterTopic", target, topics);
                deadLetterTopics.put(topic, target);
            }
        }
        String replyTopic = null;
        if (endpoint.sendTo() != null) {
            replyTopic = resolve(endpoint.sendTo().value());
            replyTopic = (replyTopic != null) ? replyTopic.trim() : "";
            checkTopic(method, "@SendTo(value)", replyTopic, topics);
            Class<?> returnType = endpoint.method().getReturnType();
            if (returnType == void.class || returnType == Void.class) {
                throw attributeFailure(method, "@SendTo(value)", replyTopic, "the method returns void",
                        "return the reply (null for none) or remove @SendTo");
            }
        }
        return new OrbitListenerContainer.Options(concurrency, defaults.handoffCapacity(), attempts, backOff,
                deadLetterTopics, replyTopic);
    }

    private void checkTopic(String method, String attribute, String topic, Set<String> topics) {
        int length = topic.getBytes(StandardCharsets.UTF_8).length;
        if (length < 1 || length > 255) {
            throw attributeFailure(method, attribute, topic, "a topic must be 1 to 255 UTF-8 bytes, this one has "
                    + length, "name a topic of 1 to 255 bytes");
        }
        if (topics.contains(topic)) {
            throw attributeFailure(method, attribute, topic,
                    "the listener listens to that topic itself, so it would receive what it publishes there",
                    "name another topic (such as \"" + topic + ".DLT\" or \"" + topic + ".replies\")");
        }
    }

    private int integer(String method, String attribute, String value, int fallback, int min, int max, String fix) {
        String resolved = resolve(value);
        if (!StringUtils.hasText(resolved)) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(resolved.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        catch (NumberFormatException ex) {
            // Reported below.
        }
        throw attributeFailure(method, attribute, resolved, "it must be a whole number from " + min
                + ((max == Integer.MAX_VALUE) ? " up" : " to " + max), fix);
    }

    private Duration duration(String method, String attribute, String value, Duration fallback) {
        String resolved = resolve(value);
        if (!StringUtils.hasText(resolved)) {
            return fallback;
        }
        Duration parsed;
        try {
            parsed = DurationFormatterUtils.detectAndParse(resolved.trim());
        }
        catch (RuntimeException ex) {
            parsed = null;
        }
        if (parsed == null || parsed.isNegative()) {
            throw attributeFailure(method, attribute, resolved, "it must be a duration of 0 or more",
                    "write it as 100ms, 2s or PT0.5S");
        }
        return parsed;
    }

    private static OrbitListenerConfigurationException attributeFailure(String method, String attribute,
            String value, String reason, String fix) {
        String name = attribute.startsWith("@") ? attribute : "@OrbitListener(" + attribute + ")";
        return new OrbitListenerConfigurationException(method, name, value, reason, fix);
    }

    private static void validate(Method method) {
        int messages = 0;
        for (Class<?> parameter : method.getParameterTypes()) {
            if (parameter == OrbitMessage.class) {
                messages++;
            }
        }
        int payloads = method.getParameterCount() - messages;
        if (method.getParameterCount() == 0 || messages > 1 || payloads > 1) {
            throw new IllegalStateException("@OrbitListener method " + describe(method) + " must take the payload "
                    + "(byte[], String or a JSON-mapped type), an OrbitMessage, or both, found "
                    + method.getParameterCount() + " parameters (" + payloads + " payload, " + messages
                    + " OrbitMessage)");
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
     * @param topicTags            told the topics listeners name, which meters then always tag by name.
     * @param defaults             concurrency, retry and dead-letter settings of listeners that give none.
     */
    public record Factory(OrbitListenerRegistry registry, OrbitListenerContainer.Settings settings,
            StartPosition defaultStartPosition, TopicTags topicTags, Defaults defaults) {

        /**
         * A factory with {@link Defaults#NONE}.
         *
         * @param registry             where containers are registered.
         * @param settings             collaborators shared by every container.
         * @param defaultStartPosition start position of listeners that give none.
         * @param topicTags            told the topics listeners name.
         */
        public Factory(OrbitListenerRegistry registry, OrbitListenerContainer.Settings settings,
                StartPosition defaultStartPosition, TopicTags topicTags) {
            this(registry, settings, defaultStartPosition, topicTags, Defaults.NONE);
        }

    }

    /**
     * Settings of listeners whose annotation leaves them empty ({@code orbit.events.listener.*}).
     *
     * @param concurrency      threads that run a method.
     * @param handoffCapacity  events each worker's queue holds.
     * @param attempts         calls of a method per event at most, the first included.
     * @param interval         wait before the first retry.
     * @param multiplier       factor each further wait grows by.
     * @param maxInterval      longest wait.
     * @param deadLetterSuffix appended to a topic to name its dead-letter topic; empty for none.
     */
    public record Defaults(int concurrency, int handoffCapacity, int attempts, Duration interval, double multiplier,
            Duration maxInterval, String deadLetterSuffix) {

        /** One thread on the polling thread, no retry, no dead-letter topic. */
        public static final Defaults NONE = new Defaults(1, 1024, 1, Duration.ofMillis(100), 2.0,
                Duration.ofSeconds(10), "");

    }

    private record Endpoint(Object bean, String beanName, Method method, Method invocable, OrbitListener annotation,
            SendTo sendTo) {
    }

}
