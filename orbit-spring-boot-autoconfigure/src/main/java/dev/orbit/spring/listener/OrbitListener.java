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
 * node, payload and headers); or both, in either order ({@code on(Order order, OrbitMessage message)}). Its return
 * value is ignored, unless the method is also annotated {@link SendTo}: then a non-null return value is published
 * on that topic.
 * <p>
 * Each listener polls on its own container thread (an Agrona {@code AgentRunner}) that idles as
 * {@code orbit.events.idle-strategy} says: by default ({@code WAKE_UP}) it sleeps until a publisher in any
 * process of the fleet commits an event, so an idle listener costs no CPU and wakes in microseconds. With
 * {@link #concurrency()} 1 (the default) the method runs on that thread; with N &gt; 1 the thread hands each event
 * to one of N workers chosen by its publisher (node, or origin host and node for an event from another host), so
 * events of one publisher are processed in order and different publishers in parallel. A worker's queue holds
 * {@code orbit.events.listener.handoff-capacity} events; when it is full the polling thread waits for room
 * (back-pressure, counted as {@code orbit.listener.handoff.waits}); if it waits long enough for the ring to lap it,
 * what it missed is counted as lost, like for a slow method.
 * <p>
 * A method that throws is called again up to {@link #attempts()} times in all, waiting an exponential back-off
 * between calls ({@link #backOffInterval()}, {@link #backOffMultiplier()}, {@link #backOffMaxInterval()});
 * later events of the same publisher wait meanwhile. When every attempt threw, the event is published on the
 * {@link #deadLetterTopic()} (if any) with its payload and headers, plus the exception's class and message as
 * headers, and the exception goes to the {@link OrbitListenerErrorHandler}; the container carries on with the
 * next event. Events the listener missed (overwritten before it read them, or never committed) are counted
 * ({@code orbit.events.lost}) and announced as an {@link OrbitListenerLagEvent}.
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

    /**
     * @return threads that run the method, 1 to 256 (placeholders allowed): 1 runs it on the polling thread; N
     *     &gt; 1 hands events to N workers by publisher (in order per publisher). Empty for
     *     {@code orbit.events.listener.concurrency}.
     */
    String concurrency() default "";

    /**
     * @return calls of the method per event at most, the first included (so 1 = no retry); empty for
     *     {@code orbit.events.listener.retry.attempts}.
     */
    String attempts() default "";

    /**
     * @return wait before the first retry, as a duration ({@code 100ms}, {@code 1s}, ISO-8601); empty for
     *     {@code orbit.events.listener.retry.interval}.
     */
    String backOffInterval() default "";

    /**
     * @return factor each further wait grows by, at least 1; empty for
     *     {@code orbit.events.listener.retry.multiplier}.
     */
    String backOffMultiplier() default "";

    /**
     * @return longest wait between attempts; empty for {@code orbit.events.listener.retry.max-interval}.
     */
    String backOffMaxInterval() default "";

    /**
     * @return topic where events are published once every attempt threw; empty for the event's topic plus
     *     {@code orbit.events.listener.dead-letter-suffix} (none when that is empty too). Listen to it with a
     *     plain {@code @OrbitListener}.
     */
    String deadLetterTopic() default "";

}
