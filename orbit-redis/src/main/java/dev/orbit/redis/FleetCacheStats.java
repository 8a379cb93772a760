package dev.orbit.redis;

/**
 * Counters of one process's use of a {@link FleetCache}.
 *
 * @param nearHits        gets answered by this host's near cache.
 * @param redisHits       gets answered by Redis (then cached near).
 * @param misses          gets that found nothing (or could not reach Redis).
 * @param writes          puts, deletes and clears Redis applied.
 * @param localOnlyWrites puts, deletes and clears applied to the near cache only, Redis being unreachable.
 * @param redisErrors     calls that could not reach Redis within the timeout.
 * @param nearSkipped     values too large for the near cache's slot, kept in Redis only.
 * @param loads           values computed by this process's loaders.
 */
public record FleetCacheStats(long nearHits, long redisHits, long misses, long writes, long localOnlyWrites,
    long redisErrors, long nearSkipped, long loads) {
}
