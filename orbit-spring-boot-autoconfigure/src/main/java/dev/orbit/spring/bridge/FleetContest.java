package dev.orbit.spring.bridge;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.ContestStats;
import dev.orbit.contest.Fence;
import dev.orbit.contest.Holder;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;
import dev.orbit.redis.FleetClaimResult;
import dev.orbit.redis.FleetHolder;
import dev.orbit.redis.RedisBridge;

/**
 * The fleet's claims across hosts seen as a {@link Contest}, for the single flight of fleet-scoped caches: a claim
 * holds across every host; a holder names its node on its host and its fleet fence token. Redis unreachable:
 * {@link #tryClaim} throws (the caller loads without the claim, as when a contest fails), {@link #holder} is empty.
 * Only {@link #tryClaim} and {@link #holder} are supported; {@link #holders()} is empty and {@link #fence} is this
 * host's.
 */
public final class FleetContest implements Contest {

    private final RedisBridge bridge;

    /**
     * @param bridge this process's bridge handle.
     */
    public FleetContest(RedisBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public ClaimResult tryClaim(Subject subject, String owner, Duration ttl) {
        FleetClaimResult result = this.bridge.claims().tryClaim(subject, owner, ttl);
        if (result instanceof FleetClaimResult.Claimed claimed) {
            return new Claimed(claimed.guard());
        }
        if (result instanceof FleetClaimResult.Yielded yielded) {
            return new YieldTo(holder(yielded.holder()));
        }
        throw new IllegalStateException("fleet claim '" + subject + "' could not be decided: "
                + ((FleetClaimResult.Unavailable) result).reason());
    }

    @Override
    public Optional<Holder> holder(Subject subject) {
        return this.bridge.claims().holder(subject).map(FleetContest::holder);
    }

    @Override
    public List<Holder> holders() {
        return List.of();
    }

    @Override
    public Fence fence(Subject subject) {
        return this.bridge.fleet().contest().fence(subject);
    }

    @Override
    public ContestStats stats() {
        return this.bridge.fleet().contest().stats();
    }

    private static Holder holder(FleetHolder holder) {
        return new Holder(holder.subject(), holder.nodeId(), holder.owner(), holder.fenceToken(),
                holder.expiresAtMs());
    }

}
