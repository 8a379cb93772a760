package dev.orbit.redis;

import dev.orbit.contest.Subject;

/**
 * The outcome of a fleet claim attempt. Yielding and Redis being unreachable are outcomes, not exceptions.
 */
public sealed interface FleetClaimResult permits FleetClaimResult.Claimed, FleetClaimResult.Yielded,
    FleetClaimResult.Unavailable {

    /**
     * @return true when the claim was won.
     */
    default boolean isClaimed() {
        return this instanceof Claimed;
    }

    /**
     * The claim was won across the fleet.
     *
     * @param guard releases the claim when closed.
     */
    record Claimed(FleetGuard guard) implements FleetClaimResult {
    }

    /**
     * Another process of this host, or another host, holds the subject.
     *
     * @param holder the holder.
     */
    record Yielded(FleetHolder holder) implements FleetClaimResult {
    }

    /**
     * Redis could not decide within the command timeout: fleet claims fail closed.
     *
     * @param subject the subject.
     * @param reason  why, naming the last Redis error.
     */
    record Unavailable(Subject subject, String reason) implements FleetClaimResult {
    }
}
