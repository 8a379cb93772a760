package dev.orbit.contest;

import java.time.Duration;

/**
 * A held claim. Closing it releases the claim; closing twice, or after the claim ended, does nothing.
 */
public interface Guard extends AutoCloseable {

    /**
     * @return the subject held.
     */
    Subject subject();

    /**
     * @return this tenure's fence token: strictly greater than every earlier tenure's, in every process.
     */
    long fenceToken();

    /**
     * Extends the claim to {@code now + ttl}.
     *
     * @param ttl positive.
     * @return false when the claim had already ended (expired and taken over); it is not renewed then.
     */
    boolean renew(Duration ttl);

    /**
     * @return true while this tenure still holds the lock word.
     */
    boolean isHeld();

    /**
     * @return epoch millis when the claim ends without renewal.
     */
    long expiresAtMs();

    /**
     * Releases the claim.
     */
    @Override
    void close();
}
