package dev.orbit.redis;

/**
 * Counters of one process's bridge handle, since it started. The flow counters move only while this process runs
 * the host's bridge; a successor starts its own counts.
 *
 * @param state             where the handle stands.
 * @param hostId            this host's id.
 * @param hostEpoch         this host's epoch.
 * @param activations       times this process became the host's bridge.
 * @param forwarded         local events carried into the fleet's stream.
 * @param forwardLag        local events not yet carried (ring positions behind the head).
 * @param received          remote events brought into this host's ring.
 * @param lost              events lost: local ones overwritten or unavailable before they were carried, remote ones
 *                          trimmed from the stream before this host read them, and remote ones the local ring
 *                          could not take ({@code outboundLost + inboundMissed + injectLost}).
 * @param outboundLost      local events overwritten or unavailable before they were carried.
 * @param inboundMissed     remote events trimmed from the stream before this host read them.
 * @param injectLost        remote events the local ring lost (lapped or busy slot, or too large for a slot).
 * @param duplicates        events that may have been carried or delivered twice after a resume from a fallback
 *                          position (an upper bound).
 * @param streamResets      times a stream started a new epoch (Redis lost its data).
 * @param invalidations     cache invalidations applied to this host's near caches.
 * @param nearCacheClears   times this host's near caches were cleared (a gap, a reset, or recovery).
 * @param claimsReleased    fleet claims released because their holder process on this host was gone.
 * @param reconnects        recoveries after Redis was unreachable.
 * @param redisFailures     commands that failed or timed out, in this process.
 * @param redisLatencyNanos round trip of the latest successful command.
 * @param lastError         the latest failure, or null.
 * @param lastErrorAtMs     when it happened (epoch ms), 0 if never.
 */
public record BridgeStats(
    BridgeState state,
    String hostId,
    long hostEpoch,
    long activations,
    long forwarded,
    long forwardLag,
    long received,
    long lost,
    long outboundLost,
    long inboundMissed,
    long injectLost,
    long duplicates,
    long streamResets,
    long invalidations,
    long nearCacheClears,
    long claimsReleased,
    long reconnects,
    long redisFailures,
    long redisLatencyNanos,
    String lastError,
    long lastErrorAtMs) {
}
