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
 */
public record ClaimedOperation(Method method, String subject, Duration ttl, boolean keepAlive, OnYield onYield) {
}
