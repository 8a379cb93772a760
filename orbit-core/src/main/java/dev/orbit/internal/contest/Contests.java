package dev.orbit.internal.contest;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntPredicate;

import org.agrona.concurrent.EpochClock;

import dev.orbit.contest.Contest;
import dev.orbit.contest.Fence;
import dev.orbit.contest.Holder;
import dev.orbit.contest.YieldTo;
import dev.orbit.internal.memory.BufferAccess;
import dev.orbit.ring.Ring;

/**
 * Factories for contests over a claims table the caller provides: a mapped segment shared by the
 * processes of a fleet, or a direct buffer within one process. Fleets use these; applications normally
 * get a contest from a fleet.
 * <p>
 * A table is created once with {@link ClaimsDescriptor#initialise(java.nio.ByteBuffer, int)} on zeroed
 * memory of {@link ClaimsDescriptor#length(int)} bytes; every process then opens it with
 * {@link #over}. Instances over the same memory behave exactly as separate processes.
 * <p>
 * <b>Behaviour.</b>
 * <ol>
 *   <li>At most one holder per subject across every process that maps the table: claim, renew, release
 *   and takeover are each one CAS on the subject's lock word (see {@link LockWord}).</li>
 *   <li>A yielded claim is a result, {@link YieldTo}, naming the holder's node, owner, fence token and
 *   expiry. Claims are not reentrant: a claim by the holding node itself yields too.</li>
 *   <li>A claim ends when its guard is closed, when its TTL passes on the wall clock without a renewal
 *   (a clock step moves every expiry with it), or at once when {@code isGone} says its node is gone.</li>
 *   <li>Every tenure's fence token is greater than every earlier tenure's, in every process; a
 *   {@link Fence} rejects tokens older than the newest it accepted.</li>
 *   <li>A renewal or release that finds the claim already taken over returns false or does nothing and is
 *   counted as lost; a renewal after expiry succeeds while nobody took the subject.</li>
 *   <li>Subjects whose hashes collide share one lock: never two holders, but one waits for the other.</li>
 *   <li>The bucket count bounds the subjects <em>held at the same time</em>, not the subjects ever used: a
 *   bucket whose claim was released, has expired or whose holder is gone is taken for another subject. A
 *   claim when every bucket holds a live claim throws {@link IllegalStateException} naming the bucket count
 *   and the setting to raise. An expired claim whose bucket was taken for another subject cannot be renewed
 *   (counted as lost); a subject whose bucket was taken while it was free keeps no fence mark: its fence then
 *   refuses every token drawn before it was placed again.</li>
 *   <li>Placing a subject that no bucket holds takes a lock of its home bucket for a few memory operations: a
 *   claim of a new subject waits while another live process is placing a subject of the same home (a process
 *   stopped there holds such claims up until it continues or is gone; claims of placed subjects never
 *   wait).</li>
 *   <li>Holder details (owner, subject, token) are informational and may be missing for a moment; the
 *   audit ring may lose frames (counted by the ring). Neither affects a decision.</li>
 *   <li>Node ids are 0..{@value LockWord#MAX_NODE}. A process that reclaims a gone process's node id
 *   calls {@link #releaseClaimsOf} before claiming.</li>
 * </ol>
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
     * Opens a contest over a claims table mapped from a segment file: a fault of the mapping (the file truncated
     * under it) is reported as a {@link dev.orbit.shm.SegmentException} naming {@code file}.
     *
     * @param table           the table's memory, header included, mapped from {@code file}.
     * @param file            the segment file.
     * @param node            this process's node id.
     * @param isGone          tells whether a node's process is gone.
     * @param clock           wall clock in epoch millis.
     * @param auditRingOrNull the contest ring, or null.
     * @return the contest.
     */
    public static Contest over(
        final ByteBuffer table,
        final java.nio.file.Path file,
        final int node,
        final IntPredicate isGone,
        final EpochClock clock,
        final Ring auditRingOrNull) {
        return new TableContest(table, file, node, isGone, clock, auditRingOrNull, TableContest::hashOf);
    }

    /**
     * Marks a contest's claims table as gone, e.g. because its file shrank under the mapping: every later
     * operation through it (and its guards and fences) throws a {@link dev.orbit.shm.SegmentException} with this
     * message and touches nothing.
     *
     * @param contest a contest from {@link #over}.
     * @param message names the file, its size and the length it must have.
     */
    public static void fault(final Contest contest, final String message) {
        ((TableContest)contest).fault(message);
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

    /**
     * Lists the live holders of a claims table without a contest handle and without writing: for tools that
     * watch a fleet through a read-only mapping. A holder whose details are being written at that instant may
     * be missing from one scan.
     *
     * @param table  the table's memory (read-only is fine).
     * @param isGone tells whether a node's process is gone; its claims are not listed.
     * @param nowMs  epoch millis to judge expiry by.
     * @return holders that are held, unexpired and not gone.
     */
    public static List<Holder> holders(final ByteBuffer table, final IntPredicate isGone, final long nowMs) {
        return TableContest.holders(new ClaimsTable(table), isGone, nowMs);
    }

    /**
     * @param table the table's memory (read-only is fine).
     * @return the shared fence counter: fence tokens handed out so far.
     */
    public static long fenceCounter(final ByteBuffer table) {
        return BufferAccess.getLongVolatile(table, ClaimsDescriptor.FENCE_COUNTER_OFFSET);
    }
}
