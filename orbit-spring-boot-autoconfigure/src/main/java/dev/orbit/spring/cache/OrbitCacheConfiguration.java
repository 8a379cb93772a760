package dev.orbit.spring.cache;

import java.time.Duration;
import java.util.Objects;

import dev.orbit.ring.RingSpec;

/**
 * The shape of one {@link OrbitSpringCache}: the spec of its ring, its entries' time to live and what it does with
 * {@code null} values.
 *
 * @param spec       the ring spec: slots, and bytes per slot (the encoded key, the encoded value and a 13-byte
 *                   header must fit).
 * @param timeToLive entries' time to live, {@link Duration#ZERO} for none.
 * @param nullPolicy what the cache does with {@code null} values.
 */
public record OrbitCacheConfiguration(RingSpec spec, Duration timeToLive, NullPolicy nullPolicy) {

    /**
     * @throws NullPointerException     when a component is {@code null}.
     * @throws IllegalArgumentException when the time to live is negative.
     */
    public OrbitCacheConfiguration {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(timeToLive, "timeToLive");
        Objects.requireNonNull(nullPolicy, "nullPolicy");
        if (timeToLive.isNegative()) {
            throw new IllegalArgumentException("a time to live cannot be negative: timeToLive=" + timeToLive);
        }
    }

}
