package dev.orbit.spring.claim;

import java.time.Instant;

import dev.orbit.contest.Holder;

/**
 * Thrown by a {@link Claimed} method with {@code onYield = THROW} when another process holds its claim.
 */
public class ClaimYieldedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String subject;

    private final transient Holder holder;

    /**
     * @param subject the subject.
     * @param holder  its holder.
     */
    public ClaimYieldedException(String subject, Holder holder) {
        super("claim '" + subject + "' is held by node " + holder.nodeId() + " (owner=" + holder.owner()
                + ", fenceToken=" + holder.fenceToken() + ", expiresAt=" + Instant.ofEpochMilli(holder.expiresAtMs())
                + ")");
        this.subject = subject;
        this.holder = holder;
    }

    /**
     * @return the subject.
     */
    public String getSubject() {
        return this.subject;
    }

    /**
     * @return the holder.
     */
    public Holder getHolder() {
        return this.holder;
    }

}
