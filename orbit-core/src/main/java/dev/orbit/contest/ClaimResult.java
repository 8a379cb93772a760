package dev.orbit.contest;

/**
 * The outcome of a claim attempt.
 */
public sealed interface ClaimResult permits Claimed, YieldTo {

    /**
     * @return true when the claim was won.
     */
    default boolean isClaimed() {
        return this instanceof Claimed;
    }
}
