package dev.orbit.redis;

/**
 * Counters of one process's fleet claims.
 *
 * @param claimed     claims won.
 * @param yielded     claims yielded to another holder (of this host or another).
 * @param unavailable claims and renewals that failed closed because Redis did not answer in time.
 * @param renewed     renewals Redis confirmed.
 * @param released    releases that ended a held claim.
 * @param lost        renewals or releases that found the claim already ended.
 */
public record FleetClaimStats(long claimed, long yielded, long unavailable, long renewed, long released, long lost) {
}
