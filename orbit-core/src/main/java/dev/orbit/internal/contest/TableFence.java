package dev.orbit.internal.contest;

import dev.orbit.contest.Fence;
import dev.orbit.contest.Subject;

/**
 * A subject's fence: the high-water mark in the claims-table bucket that holds the subject, raised by
 * CAS-to-max, so every process sees the same newest accepted token. The bucket is looked up on every call
 * (buckets are reused for other subjects). A subject whose bucket was re-keyed while it was free loses its
 * mark, and is placed again with its mark at the newest token drawn: every token drawn before is refused, so a
 * stale token never passes. Subjects that share a bucket (a hash collision) share the fence, which stays safe:
 * their tenures are tenures of one lock.
 */
final class TableFence implements Fence {

    private final TableContest contest;
    private final Subject subject;

    TableFence(final TableContest contest, final Subject subject) {
        this.contest = contest;
        this.subject = subject;
    }

    @Override
    public boolean accept(final long token) {
        return contest.accept(subject, token);
    }

    @Override
    public long current() {
        return contest.current(subject);
    }

    @Override
    public String toString() {
        return "Fence(subject=" + subject + ", current=" + current() + ")";
    }
}
