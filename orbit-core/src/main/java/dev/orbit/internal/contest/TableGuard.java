package dev.orbit.internal.contest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;

/**
 * One tenure of a subject in the claims table. The tenure is the lock word's node and tag; renew and
 * release are each one CAS from the word last seen for this tenure. A CAS that fails because another
 * thread renewed the same tenure retries from the new word; one that fails because another tenure holds
 * the word means the claim already ended.
 * <p>
 * <b>Behaviour.</b> A renewal after expiry still succeeds while no other claimant took the subject (no
 * one held it meanwhile, and the fence token stays the newest). Closing releases at most once; closing
 * after the claim ended does nothing but count it lost. Safe to use from several threads.
 */
final class TableGuard implements Guard {

    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(TableGuard.class, "closed", int.class);
        }
        catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final TableContest contest;
    private final int index;
    private final Subject subject;
    private final String owner;
    private final long token;
    private volatile long word;
    @SuppressWarnings("unused")
    private volatile int closed;

    TableGuard(
        final TableContest contest,
        final int index,
        final Subject subject,
        final String owner,
        final long token,
        final long word) {
        this.contest = contest;
        this.index = index;
        this.subject = subject;
        this.owner = owner;
        this.token = token;
        this.word = word;
    }

    @Override
    public Subject subject() {
        return subject;
    }

    @Override
    public long fenceToken() {
        return token;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Also false, without counting, once this guard is closed.
     */
    @Override
    public boolean renew(final Duration ttl) {
        final long ttlMs = TableContest.ttlMillis(ttl);
        if (closed != 0) {
            return false;
        }
        contest.requireMapped();
        try {
            return renewFor(ttlMs);
        }
        catch (final InternalError fault) {
            throw contest.faulted(fault);
        }
    }

    private boolean renewFor(final long ttlMs) {
        final ClaimsTable table = contest.table();
        final long now = contest.now();
        final long renewed = LockWord.held(TableContest.saturatedAdd(now, ttlMs), contest.node(), token);
        long expected = word;
        while (true) {
            if (table.casLock(index, expected, renewed)) {
                word = renewed;
                contest.onRenewed();
                contest.publish(ContestFrameDescriptor.OP_RENEW, subject, owner, token,
                    LockWord.expiresAtMs(renewed));
                return true;
            }
            expected = table.lock(index);
            if (!LockWord.sameTenure(expected, renewed)) {
                contest.onLost();
                return false;
            }
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * False once the claim's expiry has passed on the clock, even before another claimant takes it.
     */
    @Override
    public boolean isHeld() {
        contest.requireMapped();
        try {
            final long current = contest.table().lock(index);
            return LockWord.sameTenure(current, word) && LockWord.isHeld(current, contest.now());
        }
        catch (final InternalError fault) {
            throw contest.faulted(fault);
        }
    }

    @Override
    public long expiresAtMs() {
        return LockWord.expiresAtMs(word);
    }

    /**
     * Releases the claim with one CAS to the free word. Counts it released, or lost when the claim had
     * already ended (expired and taken over).
     */
    @Override
    public void close() {
        if (!CLOSED.compareAndSet(this, 0, 1)) {
            return;
        }
        contest.requireMapped();
        try {
            release();
        }
        catch (final InternalError fault) {
            throw contest.faulted(fault);
        }
    }

    private void release() {
        final ClaimsTable table = contest.table();
        long expected = word;
        while (true) {
            if (table.casLock(index, expected, LockWord.released(expected))) {
                contest.onReleased();
                contest.publish(ContestFrameDescriptor.OP_RELEASE, subject, owner, token, 0L);
                return;
            }
            expected = table.lock(index);
            if (!LockWord.sameTenure(expected, word)) {
                contest.onLost();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "Guard(subject=" + subject + ", owner=" + owner + ", fenceToken=" + token + ", word=" +
            LockWord.toString(word) + ")";
    }
}
