package dev.orbit.spring.cache;

/**
 * Turns a Spring Cache key into the stable text that every process of the fleet derives from an equal key.
 * A bean of this type replaces {@link DefaultOrbitKeyCodec}.
 */
@FunctionalInterface
public interface OrbitKeyCodec {

    /**
     * @param key a cache key (never {@code null}).
     * @return its stable text form.
     * @throws IllegalArgumentException when the key has no stable form.
     */
    String encode(Object key);

}
