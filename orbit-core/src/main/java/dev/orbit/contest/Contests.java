package dev.orbit.contest;

import java.nio.ByteBuffer;
import java.util.function.IntPredicate;

import org.agrona.concurrent.EpochClock;

import dev.orbit.ring.Ring;

/**
 * Factories for contests over a claims table the caller provides: a mapped segment shared by the
 * processes of a fleet, or a direct buffer within one process. Fleets use these; applications normally
 * get a contest from a fleet.
 * <p>
 * A table is created once with {@link ClaimsDescriptor#initialise(java.nio.ByteBuffer, int)} on zeroed
 * memory of {@link ClaimsDescriptor#length(int)} bytes; every process then opens it with
 * {@link #over}. Instances over the same memory behave exactly as separate processes.
 */
public final class Contests {

    private Contests() {
    }

    /**
     * Opens a contest over an initialised claims table.
     *
     * @param table          the table's memory, header included: direct or mapped, aligned to at least 8
     *                       bytes ({@value ClaimsDescriptor#ALIGNMENT} recommended).
     * @param node           this process's node id, 0..{@value LockWord#MAX_NODE}.
     * @param isGone         tells whether a node's process is gone (membership); a gone holder's claim ends
     *                       at once. Never asked about {@code node} itself.
     * @param clock          wall clock in epoch millis, the same on every process of the host.
     * @param auditRingOrNull the contest ring (kind 222) for the audit trail, or null for none; its payload
     *                       capacity must be at least {@value ContestFrameDescriptor#MIN_PAYLOAD_CAPACITY}
     *                       ({@value ContestFrameDescriptor#MAX_LENGTH} keeps every owner whole).
     * @return the contest.
     * @throws IllegalArgumentException naming the value when any argument is invalid, or the table is not
     *                                  initialised.
     */
    public static Contest over(
        final ByteBuffer table,
        final int node,
        final IntPredicate isGone,
        final EpochClock clock,
        final Ring auditRingOrNull) {
        return new TableContest(table, node, isGone, clock, auditRingOrNull, TableContest::hashOf);
    }

    /**
     * Frees every claim that {@code node} holds in the table. Called by a process that reclaims the node id
     * of a gone process, before it claims anything: the gone process's claims would otherwise look like
     * this node's own and last until their TTL.
     *
     * @param table an initialised claims table.
     * @param node  the reclaimed node id.
     * @return claims freed.
     */
    public static int releaseClaimsOf(final ByteBuffer table, final int node) {
        if (node < 0 || node > LockWord.MAX_NODE) {
            throw new IllegalArgumentException("node id out of range for the claims table: nodeId=" + node +
                ", expected 0.." + LockWord.MAX_NODE);
        }
        return new ClaimsTable(table).releaseAllOf(node);
    }
}
