package dev.orbit.spring.claim;

import java.lang.reflect.Method;
import java.time.Duration;

/**
 * The resolved attributes of one {@link Claimed} method.
 *
 * @param method    the method.
 * @param subject   the subject template.
 * @param ttl       the time to live, {@code null} for {@code orbit.claims.default-ttl}.
 * @param keepAlive whether to renew while the method runs.
 * @param onYield   what to do when another process holds the claim.
 * @param minHold   shortest hold from when the claim was taken, {@link Duration#ZERO} for none.
 * @param maxWait   longest wait for the holder to release it, {@link Duration#ZERO} for none.
 * @param scope     where the claim holds.
 */
public record ClaimedOperation(Method method, String subject, Duration ttl, boolean keepAlive, OnYield onYield,
        Duration minHold, Duration maxWait, ClaimScope scope) {

    /**
     * A fleet-wide operation that neither holds on after its method nor waits for the holder.
     *
     * @param method    the method.
     * @param subject   the subject template.
     * @param ttl       the time to live, {@code null} for {@code orbit.claims.default-ttl}.
     * @param keepAlive whether to renew while the method runs.
     * @param onYield   what to do when another process holds the claim.
     */
    public ClaimedOperation(Method method, String subject, Duration ttl, boolean keepAlive, OnYield onYield) {
        this(method, subject, ttl, keepAlive, onYield, Duration.ZERO, Duration.ZERO, ClaimScope.FLEET);
    }

}
