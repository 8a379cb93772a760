package dev.orbit.spring.claim;

import java.time.Instant;

import dev.orbit.contest.Holder;

/**
 * Thrown by a {@link Claimed} method with {@code onYield = THROW} when another process holds its claim, or when a
 * fleet-wide claim could not be decided (Redis unreachable: fleet claims fail closed).
 */
public class ClaimYieldedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String subject;

    private final transient Holder holder;

    private final String hostId;

    /**
     * @param subject the subject.
     * @param holder  its holder.
     */
    public ClaimYieldedException(String subject, Holder holder) {
        this(subject, null, holder);
    }

    /**
     * @param subject the subject.
     * @param hostId  the holder's host, {@code null} for this host's claims.
     * @param holder  its holder.
     */
    public ClaimYieldedException(String subject, String hostId, Holder holder) {
        super("claim '" + subject + "' is held by node " + holder.nodeId() + ((hostId != null) ? " of host '"
                + hostId + "'" : "") + " (owner=" + holder.owner() + ", fenceToken=" + holder.fenceToken()
                + ", expiresAt=" + Instant.ofEpochMilli(holder.expiresAtMs()) + ")");
        this.subject = subject;
        this.hostId = hostId;
        this.holder = holder;
    }

    /**
     * A fleet-wide claim nobody could decide.
     *
     * @param subject the subject.
     * @param reason  why (Redis unreachable or too slow).
     */
    public ClaimYieldedException(String subject, String reason) {
        super("fleet claim '" + subject + "' could not be decided, so it is not taken: " + reason);
        this.subject = subject;
        this.hostId = null;
        this.holder = null;
    }

    /**
     * @return the subject.
     */
    public String getSubject() {
        return this.subject;
    }

    /**
     * @return the holder's host for a fleet-wide claim, else {@code null}.
     */
    public String getHostId() {
        return this.hostId;
    }

    /**
     * @return the holder, {@code null} when the claim could not be decided.
     */
    public Holder getHolder() {
        return this.holder;
    }

}
