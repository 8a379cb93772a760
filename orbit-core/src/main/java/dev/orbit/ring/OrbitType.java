package dev.orbit.ring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the ring a type is published to: a stable kind byte and the ring's shape. Every process of
 * a fleet must declare the same spec for a kind; a different spec is refused naming both.
 * <pre>{@code
 * @OrbitType(kind = 7, capacity = 1024, payload = 64)
 * public record WorkerLoad(int worker, double load) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OrbitType {

    /**
     * @return the kind, 1..199 (200-255 are reserved for Orbit's own substrates).
     */
    int kind();

    /**
     * @return slots, a power of two.
     */
    int capacity() default RingSpec.DEFAULT_CAPACITY;

    /**
     * @return payload bytes per slot; 0 means "the fleet's default", or the record size for an
     *     {@code Orbital} type.
     */
    int payload() default 0;
}
