package dev.orbit.cache;

/**
 * Counters of one process's use of a cache.
 *
 * @param hits        gets that found a value.
 * @param misses      gets that found none.
 * @param puts        puts committed.
 * @param deletes     deletes and resets committed.
 * @param lostWrites  writes whose frame was lost.
 * @param unavailable frames the index could not use (malformed, or never committed).
 * @param overwritten frames that were lapped before the index saw them.
 */
public record CacheStats(
    long hits, long misses, long puts, long deletes, long lostWrites, long unavailable, long overwritten) {
}
