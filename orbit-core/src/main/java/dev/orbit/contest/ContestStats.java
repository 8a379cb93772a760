package dev.orbit.contest;

/**
 * Counters of one process's claims.
 *
 * @param claimed   claims won.
 * @param yielded   claims yielded to another holder.
 * @param renewed   renewals that succeeded.
 * @param released  releases.
 * @param takeovers claims won from an expired holder or one whose process was gone.
 * @param lost      renewals or releases that found the claim already ended.
 */
public record ContestStats(long claimed, long yielded, long renewed, long released, long takeovers, long lost) {
}
