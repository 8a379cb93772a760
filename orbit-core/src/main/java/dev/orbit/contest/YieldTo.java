package dev.orbit.contest;

/**
 * Another holder has the subject.
 *
 * @param holder the current holder.
 */
public record YieldTo(Holder holder) implements ClaimResult {
}
