package dev.orbit.spring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method that receives events of the fleet published under one of its topics, by any sibling
 * process (this one included). The method takes the payload, as {@code byte[]}, {@link String} (UTF-8) or any
 * other type (read from JSON when Jackson is present); or an {@link OrbitMessage} (topic, id, timestamp, publisher
 * node and payload); or both, in either order ({@code on(Order order, OrbitMessage message)}). Its return value is
 * ignored.
 * <p>
 * Each listener runs on its own container thread (an Agrona {@code AgentRunner}) that idles as
 * {@code orbit.events.idle-strategy} says: by default ({@code WAKE_UP}) it sleeps until a publisher in any
 * process of the fleet commits an event, so an idle listener costs no CPU and wakes in microseconds. An exception thrown by the method goes to the
 * {@link OrbitListenerErrorHandler} and never stops the container. Events the listener missed (overwritten
 * before it read them, or never committed) are counted ({@code orbit.events.lost}) and announced as an
 * {@link OrbitListenerLagEvent}.
 * <p>
 * Usable as a meta-annotation. Attributes support {@code ${...}} placeholders.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(OrbitListenerReflectiveProcessor.class)
public @interface OrbitListener {

    /**
     * @return topics to receive, each 1 to 255 UTF-8 bytes.
     */
    String[] topics();

    /**
     * @return the listener id, unique in the application; defaults to {@code beanName.methodName}.
     */
    String id() default "";

    /**
     * @return whether the container starts with the application context ({@code "true"} or {@code "false"},
     *     placeholders allowed); when false, start it through the {@link OrbitListenerRegistry}.
     */
    String autoStartup() default "true";

    /**
     * @return {@code LATEST}, {@code EARLIEST}, or empty for {@code orbit.events.start-position}.
     */
    String startPosition() default "";

}
