package dev.orbit.contest;

/**
 * The claim was won.
 *
 * @param guard releases the claim when closed.
 */
public record Claimed(Guard guard) implements ClaimResult {
}
