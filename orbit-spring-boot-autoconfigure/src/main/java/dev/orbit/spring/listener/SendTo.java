package dev.orbit.spring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Publishes the non-null return value of an {@link OrbitListener} method on a topic, converted by the same
 * {@link dev.orbit.spring.event.OrbitPayloadConverter} as {@code OrbitTemplate} payloads, with the trace context of
 * the listener's observation. A {@code null} return publishes nothing; a method that threw publishes nothing. Each
 * reply is counted ({@code orbit.listener.replies}, outcome {@code published}, {@code lost} or {@code failed} when
 * the value could not be converted or did not fit a slot, which is also logged).
 * <pre>{@code
 * @OrbitListener(topics = "quotes.requested")
 * @SendTo("quotes.priced")
 * Quote price(QuoteRequest request) { ... }
 * }</pre>
 * The method must not return {@code void}, and the topic must not be one the method listens to.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SendTo {

    /**
     * @return the reply topic, 1 to 255 UTF-8 bytes; placeholders allowed.
     */
    String value();

}
