package dev.orbit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import io.lettuce.core.ScriptOutputType;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;

/**
 * Claims that hold across every host of the fleet: at most one holder per subject in the whole fleet.
 * <p>
 * A claim is taken in two steps: first the host's local contest (so one process per host contends), then one
 * Redis script: {@code SET NX PX ttl} of the subject's key plus an increment of the fleet fence counter, so fence
 * tokens grow across hosts. Renewal and release compare the stored tenure. The fence counter starts at Redis's
 * clock in microseconds when created, so tokens keep growing even after Redis restarted empty.
 * <p>
 * <b>Behaviour.</b>
 * <ol>
 *   <li>Held by another process of this host or by another host: {@link FleetClaimResult.Yielded} naming the
 *   holder (host, node, pid, owner, fence token, expiry).</li>
 *   <li>Redis unreachable or slower than the command timeout: {@link FleetClaimResult.Unavailable} with the reason;
 *   the call never waits longer than the timeout (fail closed). A claim whose script timed out but ran later is
 *   not held locally, so this host's bridge releases it.</li>
 *   <li>When the holder process dies, this host's bridge sees it gone and releases the claim at once (within its
 *   release interval), as it does for a claim no process of the host holds locally any more; only a dead host
 *   leaves its claims to their time to live.</li>
 *   <li>{@link FleetGuard#renew} is false when the claim ended or Redis could not confirm it; {@link FleetGuard#isHeld}
 *   turns false once the time to live has passed since the last renewal Redis confirmed (measured from when that
 *   renewal was sent), so a holder cut off from Redis learns it before another host can take over.</li>
 *   <li>Redis replication can lose a claim on failover, and a Redis restarted empty forgets every claim: a second
 *   holder can then exist until the first one's next renewal fails. Fence tokens guard against that: pass
 *   {@link FleetGuard#fenceToken()} to the resource and let it refuse older tokens.</li>
 * </ol>
 */
public final class FleetClaims {

    private final RedisBridge bridge;
    private final LongAdder claimed = new LongAdder();
    private final LongAdder yielded = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder renewed = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder released = new LongAdder();

    FleetClaims(final RedisBridge bridge) {
        this.bridge = bridge;
    }

    /**
     * Prefix of the local contest's subject for a fleet claim, so fleet and host claims of one label never meet.
     */
    static final String LOCAL_PREFIX = "fleet:";

    /** Longest label of a fleet claim's subject. */
    public static final int MAX_LABEL_LENGTH = Subject.MAX_LABEL_LENGTH - LOCAL_PREFIX.length();

    /**
     * Tries to claim a subject across the fleet.
     *
     * @param subject what to claim; its label at most {@value #MAX_LABEL_LENGTH} UTF-8 bytes.
     * @param owner   a label for humans, at most 64 UTF-8 bytes.
     * @param ttl     how long the claim lasts without renewal, 1 ms .. 1 day.
     * @return claimed, yielded (naming the holder), or unavailable (naming why).
     */
    public FleetClaimResult tryClaim(final Subject subject, final String owner, final Duration ttl) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(owner, "owner");
        final long ttlMs = ttlMillis(ttl);
        final Subject local = localSubject(subject);
        final ClaimResult localResult = bridge.fleet.contest().tryClaim(local, owner, ttl);
        if (localResult instanceof YieldTo yieldTo) {
            yielded.increment();
            return new FleetClaimResult.Yielded(holderOrLocal(subject, yieldTo));
        }
        final Guard localGuard = ((Claimed)localResult).guard();
        final String tenure = Tenure.prefix(bridge.hostId, bridge.hostEpoch, bridge.fleet.nodeId(),
            ProcessHandle.current().pid(), owner);
        final long sentNs = System.nanoTime();
        final List<Object> reply;
        try {
            reply = RedisLink.asList(bridge.link.script(Script.CLAIM, ScriptOutputType.MULTI,
                new byte[][] {bridge.keys.claim(subject), bridge.keys.fence(), bridge.keys.hostClaims(bridge.hostId)},
                ActiveBridge.bytes(Long.toString(ttlMs)), ActiveBridge.bytes(tenure), Keys.subjectField(subject)));
        }
        catch (final RedisLink.Unavailable ex) {
            localGuard.close();
            unavailable.increment();
            return new FleetClaimResult.Unavailable(subject, ex.getMessage());
        }
        if (RedisLink.asLong(reply.get(0)) == 1) {
            final long token = RedisLink.asLong(reply.get(1));
            claimed.increment();
            return new FleetClaimResult.Claimed(new FleetGuard(this, subject, localGuard, tenure + "|" + token, token,
                sentNs, ttlMs));
        }
        localGuard.close();
        yielded.increment();
        final Tenure holder = Tenure.parse(RedisLink.asText(reply.get(1)));
        return new FleetClaimResult.Yielded(holder == null ?
            new FleetHolder(subject, "?", -1, 0, "?", 0, 0) : holder.toHolder(subject, 0));
    }

    private FleetHolder holderOrLocal(final Subject subject, final YieldTo yieldTo) {
        try {
            final Optional<FleetHolder> holder = holder(subject);
            if (holder.isPresent()) {
                return holder.get();
            }
        }
        catch (final RuntimeException ignored) {
            // fall through to the local holder
        }
        return new FleetHolder(subject, bridge.hostId, yieldTo.holder().nodeId(), 0, yieldTo.holder().owner(), 0,
            yieldTo.holder().expiresAtMs());
    }

    /**
     * @param subject a subject.
     * @return its holder across the fleet, empty when nobody holds it or Redis is unreachable.
     */
    public Optional<FleetHolder> holder(final Subject subject) {
        try {
            final List<Object> reply = bridge.link.call("read claim", c -> {
                final byte[] value = c.get(bridge.keys.claim(subject));
                return value == null ? null : List.of(value, c.pttl(bridge.keys.claim(subject)));
            });
            if (reply == null) {
                return Optional.empty();
            }
            final Tenure tenure = Tenure.parse(RedisLink.asText(reply.get(0)));
            final long pttl = RedisLink.asLong(reply.get(1));
            return tenure == null ? Optional.empty() :
                Optional.of(tenure.toHolder(subject, pttl > 0 ? bridge.fleet.clock().time() + pttl : 0));
        }
        catch (final RedisLink.Unavailable ex) {
            return Optional.empty();
        }
    }

    /**
     * @return counters of this process's fleet claims.
     */
    public FleetClaimStats stats() {
        return new FleetClaimStats(claimed.sum(), yielded.sum(), unavailable.sum(), renewed.sum(), released.sum(),
            lost.sum());
    }

    boolean renew(final Subject subject, final String value, final long ttlMs) throws RedisLink.Unavailable {
        final long result = RedisLink.asLong(bridge.link.script(Script.CLAIM_RENEW, ScriptOutputType.INTEGER,
            new byte[][] {bridge.keys.claim(subject)}, ActiveBridge.bytes(Long.toString(ttlMs)), ActiveBridge.bytes(value)));
        if (result == 1) {
            renewed.increment();
            return true;
        }
        lost.increment();
        return false;
    }

    boolean release(final Subject subject, final byte[] value) throws RedisLink.Unavailable {
        final long result = RedisLink.asLong(bridge.link.script(Script.CLAIM_RELEASE, ScriptOutputType.INTEGER,
            new byte[][] {bridge.keys.claim(subject), bridge.keys.hostClaims(bridge.hostId)}, value,
            Keys.subjectField(subject)));
        if (result == 1) {
            released.increment();
            return true;
        }
        lost.increment();
        return false;
    }

    void unavailable() {
        unavailable.increment();
    }

    long now() {
        return bridge.fleet.clock().time();
    }

    static Subject localSubject(final Subject subject) {
        if (subject.label().getBytes(StandardCharsets.UTF_8).length > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("fleet claim label too long: length=" +
                subject.label().getBytes(StandardCharsets.UTF_8).length + " bytes, max=" + MAX_LABEL_LENGTH +
                ", subject=" + subject);
        }
        return new Subject(subject.kind(), LOCAL_PREFIX + subject.label());
    }

    static long ttlMillis(final Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofMillis(1)) < 0 || ttl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("fleet claim ttl must be from 1 ms to 1 day: ttl=" + ttl);
        }
        return ttl.toMillis();
    }

    /**
     * A fleet claim's value in Redis: {@code host|epoch(hex)|node|pid|owner|token}; the owner may hold {@code |}.
     */
    record Tenure(String hostId, long hostEpoch, int nodeId, long pid, String owner, long token) {

        static String prefix(final String hostId, final long epoch, final int node, final long pid, final String owner) {
            return hostId + "|" + Long.toHexString(epoch) + "|" + node + "|" + pid + "|" + owner;
        }

        static Tenure parse(final String value) {
            if (value == null) {
                return null;
            }
            final String[] head = value.split("\\|", 5);
            final int last = value.lastIndexOf('|');
            if (head.length < 5 || last < 0) {
                return null;
            }
            try {
                final int ownerStart = head[0].length() + head[1].length() + head[2].length() + head[3].length() + 4;
                if (ownerStart > last) {
                    return null;
                }
                return new Tenure(head[0], Long.parseUnsignedLong(head[1], 16), Integer.parseInt(head[2]),
                    Long.parseLong(head[3]), value.substring(ownerStart, last), Long.parseLong(value.substring(last + 1)));
            }
            catch (final NumberFormatException ex) {
                return null;
            }
        }

        FleetHolder toHolder(final Subject subject, final long expiresAtMs) {
            return new FleetHolder(subject, hostId, nodeId, pid, owner, token, expiresAtMs);
        }
    }
}
