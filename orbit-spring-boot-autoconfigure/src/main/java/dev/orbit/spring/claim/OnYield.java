package dev.orbit.spring.claim;

/**
 * What a {@link Claimed} method does when another process holds its claim.
 */
public enum OnYield {

    /**
     * Skip the method: return {@code null}, or {@link java.util.Optional#empty()} for an {@code Optional} return
     * type. Not allowed for methods returning a primitive (other than {@code void}).
     */
    SKIP,

    /**
     * Throw a {@link ClaimYieldedException} naming the holder.
     */
    THROW

}
