package dev.orbit.spring.claim;

import java.time.Duration;

import dev.orbit.contest.Guard;
import dev.orbit.contest.Holder;
import dev.orbit.contest.Subject;

/**
 * Claims a subject across every host of a fleet that spans hosts; {@link ClaimScope#FLEET} claims go through it
 * when such a bean exists (the bridge's auto-configuration defines one).
 */
@FunctionalInterface
public interface FleetClaimer {

    /**
     * @param subject what to claim.
     * @param owner   a label for humans.
     * @param ttl     how long the claim lasts without renewal.
     * @return held, yielded to a holder on some host, or unavailable (fleet claims fail closed).
     */
    Outcome tryClaim(Subject subject, String owner, Duration ttl);

    /**
     * The outcome of one attempt.
     */
    sealed interface Outcome permits Held, Yielded, Unavailable {
    }

    /**
     * The claim is held across the fleet.
     *
     * @param guard renews and releases it.
     */
    record Held(Guard guard) implements Outcome {
    }

    /**
     * Another process holds the claim.
     *
     * @param hostId its host.
     * @param holder the holder on that host.
     */
    record Yielded(String hostId, Holder holder) implements Outcome {
    }

    /**
     * Nobody could decide (Redis unreachable or slower than its timeout): the claim is not taken.
     *
     * @param reason why.
     */
    record Unavailable(String reason) implements Outcome {
    }

}
