package dev.orbit.contest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Decides claims on subjects across a fleet: at most one holder per subject, decided by one CAS on the
 * subject's lock word in the shared claims table. A claim ends when released, when its TTL passes without
 * a renewal, or at once when its holder's process is gone.
 * <p>
 * A yielded claim is a normal outcome ({@link YieldTo}), not an exception. Thread-safe.
 */
public interface Contest {

    /**
     * @param subject what to claim.
     * @param owner   a label for humans (who holds it), at most 64 UTF-8 bytes.
     * @param ttl     how long the claim lasts without renewal; positive.
     * @return {@link Claimed} with a guard, or {@link YieldTo} naming the current holder.
     */
    ClaimResult tryClaim(Subject subject, String owner, Duration ttl);

    /**
     * @param subject a subject.
     * @return its current holder, if any.
     */
    Optional<Holder> holder(Subject subject);

    /**
     * @return current holders of every subject this fleet has seen claimed.
     */
    List<Holder> holders();

    /**
     * @param subject a subject.
     * @return the subject's shared fence, which rejects tokens older than the newest it accepted.
     */
    Fence fence(Subject subject);

    /**
     * @return counters of this process's claims.
     */
    ContestStats stats();
}
