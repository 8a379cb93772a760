package dev.orbit.tools;

import dev.orbit.fleet.Member;
import dev.orbit.fleet.MemberState;

/**
 * How orbit-stat shows a member that holds a slot.
 */
enum MemberStatus {

    /** Its process is alive and it beat within the max age. */
    ALIVE,

    /** Its process is alive (or cannot be checked) but its latest heartbeat is older than the max age. */
    STALE,

    /** It is writing its identity into the slot it just claimed. */
    JOINING,

    /** Its process exited, was killed, or its pid now belongs to another process; the slot may be reclaimed. */
    GONE;

    /**
     * @param member   a member as observed, not free.
     * @param nowMs    the current epoch millis.
     * @param maxAgeMs heartbeat age beyond which a live member is stale.
     * @return its status.
     */
    static MemberStatus of(final Member member, final long nowMs, final long maxAgeMs) {
        if (member.state() == MemberState.GONE) {
            return GONE;
        }
        if (member.state() == MemberState.CLAIMING) {
            return JOINING;
        }
        return member.ageMs(nowMs) > maxAgeMs ? STALE : ALIVE;
    }

    /**
     * @return the lower-case name shown on screen and in JSON.
     */
    String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
