package dev.orbit.contest;

/**
 * Rejects stale fence tokens: a resource guarded by a claim passes every token it receives through
 * {@link #accept(long)} and refuses work carrying a token older than the newest one accepted. The
 * high-water mark is shared by every process of the fleet.
 */
public interface Fence {

    /**
     * @param token a guard's fence token.
     * @return true when the token is at least the newest accepted (which it then becomes).
     */
    boolean accept(long token);

    /**
     * @return the newest accepted token (0 if none).
     */
    long current();
}
