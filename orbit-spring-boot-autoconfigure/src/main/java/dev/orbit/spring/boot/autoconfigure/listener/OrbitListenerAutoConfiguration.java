package dev.orbit.spring.boot.autoconfigure.listener;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitPayloadConverter;
import dev.orbit.spring.boot.autoconfigure.OrbitProperties;
import dev.orbit.spring.boot.autoconfigure.metrics.OrbitMeters;
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
 * stopped with the context by the {@link OrbitListenerRegistry}.
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
            ObjectProvider<ApplicationEventPublisher> eventPublisher, ObjectProvider<OrbitProperties> properties,
            ObjectProvider<OrbitMeters> meters) {
        return new OrbitListenerAnnotationBeanPostProcessor((beanFactory) -> {
            OrbitProperties.Events events = properties.getObject().getEvents();
            OrbitListenerContainer.Settings settings = new OrbitListenerContainer.Settings(eventBus.getObject(),
                    payloadConverter.getObject(), errorHandler.getObject(), eventPublisher.getObject(),
                    idleStrategy(events), events.getPollLimit(), OrbitAutoConfiguration.meters(meters));
            return new OrbitListenerAnnotationBeanPostProcessor.Factory(registry.getObject(), settings,
                    events.getStartPosition());
        });
    }

    static Function<Subscription, IdleStrategy> idleStrategy(OrbitProperties.Events events) {
        long maxParkNanos = events.getMaxPark().toNanos();
        Duration wakeUpTimeout = events.getWakeUpTimeout();
        if (events.getIdleStrategy() == OrbitProperties.IdleStrategyType.WAKE_UP
                && (wakeUpTimeout == null || wakeUpTimeout.compareTo(Duration.ofMillis(1)) < 0)) {
            throw new IllegalArgumentException("orbit.events.wake-up-timeout must be at least 1ms: " + wakeUpTimeout
                    + " (set it to 1ms or more, e.g. 100ms)");
        }
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
