package dev.orbit.spring.boot.autoconfigure.listener;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitEventsProperties;
import dev.orbit.spring.event.OrbitPayloadConverter;
import dev.orbit.spring.listener.LoggingOrbitListenerErrorHandler;
import dev.orbit.spring.listener.OrbitListener;
import dev.orbit.spring.listener.OrbitListenerAnnotationBeanPostProcessor;
import dev.orbit.spring.listener.OrbitListenerContainer;
import dev.orbit.spring.listener.OrbitListenerErrorHandler;
import dev.orbit.spring.listener.OrbitListenerRegistry;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.observation.OrbitObserver;
import dev.orbit.spring.metrics.TopicTags;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * {@link OrbitListener} methods: finds them, and runs each on its own {@link OrbitListenerContainer}, started and
 * stopped with the context by the {@link OrbitListenerRegistry}, with the concurrency, retry and dead-letter
 * defaults of {@code orbit.events.listener.*}.
 */
@AutoConfiguration(after = OrbitAutoConfiguration.class)
@ConditionalOnBean(OrbitEventBus.class)
@ConditionalOnBooleanProperty(name = "orbit.enabled", matchIfMissing = true)
public final class OrbitListenerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OrbitListenerErrorHandler orbitListenerErrorHandler() {
        return new LoggingOrbitListenerErrorHandler();
    }

    @Bean
    @ConditionalOnMissingBean
    OrbitListenerRegistry orbitListenerRegistry() {
        return new OrbitListenerRegistry();
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static OrbitListenerAnnotationBeanPostProcessor orbitListenerAnnotationBeanPostProcessor(
            ObjectProvider<OrbitListenerRegistry> registry, ObjectProvider<OrbitEventBus> eventBus,
            ObjectProvider<OrbitPayloadConverter> payloadConverter, ObjectProvider<OrbitListenerErrorHandler> errorHandler,
            ObjectProvider<ApplicationEventPublisher> eventPublisher, ObjectProvider<OrbitEventsProperties> properties,
            ObjectProvider<OrbitMeters> meters, ObjectProvider<TopicTags> topicTags,
            ObjectProvider<OrbitObserver> observer) {
        return new OrbitListenerAnnotationBeanPostProcessor((beanFactory) -> {
            OrbitEventsProperties events = properties.getObject();
            OrbitListenerContainer.Settings settings = new OrbitListenerContainer.Settings(eventBus.getObject(),
                    payloadConverter.getObject(), errorHandler.getObject(), eventPublisher.getObject(),
                    idleStrategy(events), events.getPollLimit(), OrbitAutoConfiguration.meters(meters),
                    OrbitAutoConfiguration.observer(observer));
            OrbitEventsProperties.Listener listener = events.getListener();
            OrbitEventsProperties.Retry retry = listener.getRetry();
            OrbitListenerAnnotationBeanPostProcessor.Defaults defaults = new OrbitListenerAnnotationBeanPostProcessor.Defaults(
                    listener.getConcurrency(), listener.getHandoffCapacity(), retry.getAttempts(), retry.getInterval(),
                    retry.getMultiplier(), retry.getMaxInterval(), listener.getDeadLetterSuffix());
            return new OrbitListenerAnnotationBeanPostProcessor.Factory(registry.getObject(), settings,
                    events.getStartPosition(), topicTags.getIfAvailable(() -> TopicTags.UNBOUNDED), defaults);
        });
    }

    static Function<Subscription, IdleStrategy> idleStrategy(OrbitEventsProperties events) {
        long maxParkNanos = events.getMaxPark().toNanos();
        Duration wakeUpTimeout = events.getWakeUpTimeout();
        return switch (events.getIdleStrategy()) {
            case WAKE_UP -> (subscription) -> subscription.wakeUpIdleStrategy(wakeUpTimeout);
            case BACKOFF -> (subscription) -> new BackoffIdleStrategy(64, 16, TimeUnit.MICROSECONDS.toNanos(1),
                    Math.max(TimeUnit.MICROSECONDS.toNanos(1), maxParkNanos));
            case SLEEPING -> (subscription) -> new SleepingIdleStrategy(maxParkNanos);
            case YIELDING -> (subscription) -> new YieldingIdleStrategy();
            case BUSY_SPIN -> (subscription) -> new BusySpinIdleStrategy();
        };
    }

}
