/**
 * Fleets across hosts: one bridge per host carries events, cache coherence, fleet-wide claims and membership
 * between hosts through Redis. Start with {@link dev.orbit.redis.RedisBridge#builder(dev.orbit.fleet.Fleet)}.
 */
package dev.orbit.redis;
