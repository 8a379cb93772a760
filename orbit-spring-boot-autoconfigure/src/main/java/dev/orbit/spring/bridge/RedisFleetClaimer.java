package dev.orbit.spring.bridge;

import java.time.Duration;

import dev.orbit.contest.Holder;
import dev.orbit.contest.Subject;
import dev.orbit.redis.FleetClaimResult;
import dev.orbit.redis.FleetHolder;
import dev.orbit.redis.RedisBridge;
import dev.orbit.spring.claim.FleetClaimer;

/**
 * Fleet-wide claims of {@code @Claimed} methods through the bridge's {@link dev.orbit.redis.FleetClaims}: the local
 * contest first (one contender per host), then Redis; fence tokens grow across hosts.
 */
public final class RedisFleetClaimer implements FleetClaimer {

    private final RedisBridge bridge;

    /**
     * @param bridge this process's bridge handle.
     */
    public RedisFleetClaimer(RedisBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public Outcome tryClaim(Subject subject, String owner, Duration ttl) {
        FleetClaimResult result = this.bridge.claims().tryClaim(subject, owner, ttl);
        if (result instanceof FleetClaimResult.Claimed claimed) {
            return new Held(claimed.guard());
        }
        if (result instanceof FleetClaimResult.Yielded yielded) {
            FleetHolder holder = yielded.holder();
            return new Yielded(holder.hostId(), new Holder(holder.subject(), holder.nodeId(), holder.owner(),
                    holder.fenceToken(), holder.expiresAtMs()));
        }
        return new Unavailable(((FleetClaimResult.Unavailable) result).reason());
    }

}
