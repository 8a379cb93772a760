package dev.orbit.spring.claim;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;

/**
 * Claims a subject, waiting a bounded time for its holder to let go: the contest is asked again with a growing
 * pause ({@value #FIRST_PAUSE_MICROS} us doubling to {@value #MAX_PAUSE_MILLIS} ms, parked, never a busy spin),
 * so a claim released (or whose holder's process died) is taken within about {@value #MAX_PAUSE_MILLIS} ms. Shared
 * by {@link Claimed}{@code (maxWait = ...)}, Orbit's ShedLock provider and its Spring Integration locks.
 */
public final class ClaimAttempt {

    static final long FIRST_PAUSE_MICROS = 100;

    static final long MAX_PAUSE_MILLIS = 5;

    private ClaimAttempt() {
    }

    /**
     * @param contest the contest.
     * @param subject the subject.
     * @param owner   the owner label (at most 64 UTF-8 bytes).
     * @param ttl     the claim's time to live.
     * @param maxWait longest wait for the holder; {@link Duration#ZERO} for one attempt.
     * @return {@link dev.orbit.contest.Claimed} as soon as the claim is taken, else the last {@link YieldTo}.
     * @throws InterruptedException when the thread is interrupted while waiting (the flag is cleared, as
     *     {@link java.util.concurrent.locks.Lock#tryLock(long, TimeUnit)} does).
     */
    public static ClaimResult claim(Contest contest, Subject subject, String owner, Duration ttl, Duration maxWait)
            throws InterruptedException {
        ClaimResult result = contest.tryClaim(subject, owner, ttl);
        if (!(result instanceof YieldTo) || maxWait.isZero() || maxWait.isNegative()) {
            return result;
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(FIRST_PAUSE_MICROS);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return result;
            }
            LockSupport.parkNanos(Math.min(pause, left));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for claim '" + subject.label() + "'");
            }
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(MAX_PAUSE_MILLIS));
            result = contest.tryClaim(subject, owner, ttl);
            if (!(result instanceof YieldTo)) {
                return result;
            }
        }
    }

    /**
     * @param text an owner label.
     * @return the label cut to the 64 UTF-8 bytes the contest accepts, on a character boundary.
     */
    public static String owner(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= 64) {
            return text;
        }
        int end = 64;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

}
