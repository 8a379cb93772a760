/**
 * Fleets across hosts: the Redis bridge side by side with raw Redis Streams, pub/sub, Spring's RedisCacheManager
 * and ShedLock's Redis provider.
 */
package dev.orbit.bench.hosts;
