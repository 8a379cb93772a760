package dev.orbit.ring;

/**
 * Counters of the wake-ups of one fleet handle ({@link dev.orbit.fleet.Fleet#wakeStats()}), since it joined.
 *
 * @param crossProcess      whether threads of other processes can wake this one's (it has an open channel).
 * @param nudgesSent        nudges handed to another process's channel.
 * @param nudgesUnreachable nudges for another process that could not be handed over (its channel unreachable, or
 *                          this process has no channel): that process's sleepers wake at their safety timeout.
 * @param nudgesReceived    nudges that arrived on this process's channel.
 * @param waits             waits begun by this process's threads (some return at once: something was ready).
 * @param timeouts          waits that ended at their timeout, neither ready nor nudged.
 */
public record WakeStats(
    boolean crossProcess, long nudgesSent, long nudgesUnreachable, long nudgesReceived, long waits, long timeouts) {
}
