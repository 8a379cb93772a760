package dev.orbit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;

/**
 * A held fleet claim: the host's local claim plus the subject's key in Redis. {@link #fenceToken()} is the fleet
 * fence token, greater than every earlier tenure's on any host.
 * <p>
 * The claim counts as held only until its time to live has passed since the last renewal Redis confirmed,
 * measured from when that renewal was sent (Redis keeps it at least that long): a holder cut off from Redis stops
 * believing it holds the claim before any other host can take it. Thread-safe.
 */
public final class FleetGuard implements Guard {

    private final FleetClaims claims;
    private final Subject subject;
    private final Guard local;
    private final String value;
    private final long token;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long validUntilNs;
    private volatile long expiresAtMs;
    private volatile boolean lost;
    private volatile String lastFailure;

    FleetGuard(
        final FleetClaims claims,
        final Subject subject,
        final Guard local,
        final String value,
        final long token,
        final long sentNs,
        final long ttlMs) {
        this.claims = claims;
        this.subject = subject;
        this.local = local;
        this.value = value;
        this.token = token;
        this.validUntilNs = sentNs + ttlMs * 1_000_000L;
        this.expiresAtMs = claims.now() + ttlMs;
    }

    @Override
    public Subject subject() {
        return subject;
    }

    /**
     * @return the fleet fence token of this tenure.
     */
    @Override
    public long fenceToken() {
        return token;
    }

    /**
     * Extends the claim in Redis and locally.
     *
     * @param ttl 1 ms .. 1 day.
     * @return false when the claim ended, or Redis could not confirm the renewal within the command timeout (see
     *     {@link #lastFailure()}); the claim then still counts as held until its previous time to live passes.
     */
    @Override
    public boolean renew(final Duration ttl) {
        final long ttlMs = FleetClaims.ttlMillis(ttl);
        if (closed.get() || lost) {
            return false;
        }
        final long sentNs = System.nanoTime();
        try {
            if (!claims.renew(subject, value, ttlMs)) {
                lost = true;
                lastFailure = "claim ended: expired or taken over";
                local.close();
                return false;
            }
        }
        catch (final RedisLink.Unavailable ex) {
            claims.unavailable();
            lastFailure = ex.getMessage();
            return false;
        }
        validUntilNs = sentNs + ttlMs * 1_000_000L;
        expiresAtMs = claims.now() + ttlMs;
        local.renew(ttl);
        return true;
    }

    /**
     * @return true while this tenure holds the claim: not released, not lost, and confirmed by Redis within its
     *     time to live.
     */
    @Override
    public boolean isHeld() {
        return !closed.get() && !lost && System.nanoTime() - validUntilNs < 0 && local.isHeld();
    }

    @Override
    public long expiresAtMs() {
        return expiresAtMs;
    }

    /**
     * @return why the latest renewal failed, or null.
     */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Releases the claim in Redis, then locally. If Redis is unreachable the key expires after its time to live
     * (or this host's bridge releases it once Redis answers again).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            claims.release(subject, value.getBytes(StandardCharsets.UTF_8));
        }
        catch (final RedisLink.Unavailable ex) {
            claims.unavailable();
            lastFailure = ex.getMessage();
        }
        finally {
            local.close();
        }
    }

    @Override
    public String toString() {
        return "FleetGuard(subject=" + subject + ", token=" + token + ", held=" + isHeld() + ")";
    }
}
