package dev.orbit.fleet;

/**
 * States of a membership slot.
 */
public enum MemberState {

    /** Never claimed, or released by a clean close. */
    FREE,

    /** Being claimed: the claimer is writing its identity. */
    CLAIMING,

    /** Held by a process that is alive, as far as can be told. */
    LIVE,

    /** Held by a process that is gone (exited, killed, or a different process with the same pid). */
    GONE
}
