package dev.orbit.internal.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.agrona.concurrent.EpochClock;

import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.SlotDescriptor;

/**
 * Factories for rings over memory the caller provides. Fleets use these; applications normally get rings
 * from a fleet.
 */
public final class Rings {

    /** Default time a cursor waits for a reserved position to commit before counting it unavailable. */
    public static final long DEFAULT_PENDING_TIMEOUT_MS = 1000;

    /**
     * Makes every ring handle: the one implementation, unless the ring's test seams (in the core's test jar) made
     * rings whose writers can be stopped mid-write. Read once per ring, never on a publish.
     */
    static volatile Maker maker = BufferRing::new;

    private Rings() {
    }

    /**
     * Allocates a process-local ring in a 64-byte aligned direct buffer.
     *
     * @param kind             ring kind.
     * @param spec             shape.
     * @param node             this process's node id.
     * @param clock            clock for pending timeouts.
     * @param pendingTimeoutMs pending timeout.
     * @return the ring.
     */
    public static Ring allocate(
        final int kind, final RingSpec spec, final int node, final EpochClock clock, final long pendingTimeoutMs) {
        return allocate(null, kind, spec, node, clock, pendingTimeoutMs);
    }

    /**
     * Allocates a named process-local ring in a 64-byte aligned direct buffer.
     *
     * @param name             the ring's name (null: named after its kind).
     * @param kind             ring kind.
     * @param spec             shape.
     * @param node             this process's node id.
     * @param clock            clock for pending timeouts.
     * @param pendingTimeoutMs pending timeout.
     * @return the ring.
     */
    public static Ring allocate(
        final String name,
        final int kind,
        final RingSpec spec,
        final int node,
        final EpochClock clock,
        final long pendingTimeoutMs) {
        final ByteBuffer buffer = ByteBuffer.allocateDirect((int)spec.length() + SlotDescriptor.ALIGNMENT)
            .alignedSlice(SlotDescriptor.ALIGNMENT)
            .order(ByteOrder.LITTLE_ENDIAN);
        initialise(buffer, kind, spec);
        return maker.make(buffer, null, name, node, OwnerLiveness.neverGone(), clock, pendingTimeoutMs, true);
    }

    /**
     * Writes a ring's header fields (not the common segment header) into zeroed memory.
     *
     * @param buffer the ring's memory.
     * @param kind   ring kind.
     * @param spec   shape.
     */
    public static void initialise(final ByteBuffer buffer, final int kind, final RingSpec spec) {
        BufferRing.initialise(buffer, kind, spec);
    }

    /**
     * Opens a ring over initialised memory, e.g. a mapped segment.
     *
     * @param buffer           the ring's memory, header included.
     * @param node             this process's node id.
     * @param liveness         tells whether a slot's owner is gone.
     * @param clock            clock for pending timeouts.
     * @param pendingTimeoutMs pending timeout.
     * @param writable         false for a read-only mapping.
     * @return the ring.
     */
    public static Ring over(
        final ByteBuffer buffer,
        final int node,
        final OwnerLiveness liveness,
        final EpochClock clock,
        final long pendingTimeoutMs,
        final boolean writable) {
        return over(null, buffer, node, liveness, clock, pendingTimeoutMs, writable);
    }

    /**
     * Opens a named ring over initialised memory.
     *
     * @param name             the ring's name (null: named after its kind).
     * @param buffer           the ring's memory, header included.
     * @param node             this process's node id.
     * @param liveness         tells whether a slot's owner is gone.
     * @param clock            clock for pending timeouts.
     * @param pendingTimeoutMs pending timeout.
     * @param writable         false for a read-only mapping.
     * @return the ring.
     */
    public static Ring over(
        final String name,
        final ByteBuffer buffer,
        final int node,
        final OwnerLiveness liveness,
        final EpochClock clock,
        final long pendingTimeoutMs,
        final boolean writable) {
        return maker.make(buffer, null, name, node, liveness, clock, pendingTimeoutMs, writable);
    }

    /**
     * Opens a named ring over a mapped segment file. A fault of the mapping (the file truncated under it) is
     * reported as a {@link dev.orbit.shm.SegmentException} naming {@code file}.
     *
     * @param name             the ring's name (null: named after its kind).
     * @param buffer           the ring's memory, header included, mapped from {@code file}.
     * @param file             the segment file.
     * @param node             this process's node id.
     * @param liveness         tells whether a slot's owner is gone.
     * @param clock            clock for pending timeouts.
     * @param pendingTimeoutMs pending timeout.
     * @param writable         false for a read-only mapping.
     * @return the ring.
     */
    public static Ring over(
        final String name,
        final ByteBuffer buffer,
        final Path file,
        final int node,
        final OwnerLiveness liveness,
        final EpochClock clock,
        final long pendingTimeoutMs,
        final boolean writable) {
        return maker.make(buffer, file, name, node, liveness, clock, pendingTimeoutMs, writable);
    }

    /**
     * @param buffer a ring's memory.
     * @return the kind in its header.
     */
    public static int kindOf(final ByteBuffer buffer) {
        return BufferRing.kindOf(buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * @param buffer a ring's memory.
     * @return the spec in its header.
     */
    public static RingSpec specOf(final ByteBuffer buffer) {
        return BufferRing.specOf(buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * Refuses further publishes through this ring handle; reads keep working. A fleet closes its rings
     * before it releases its node id. Close a fleet after its publishing threads have stopped.
     *
     * @param ring a ring from {@link #over} or {@link #allocate}.
     */
    public static void close(final Ring ring) {
        close(ring, "its fleet handle was closed");
    }

    /**
     * Refuses further publishes through this ring handle, naming why in the message of each refused publish.
     *
     * @param ring   a ring from {@link #over} or {@link #allocate}.
     * @param reason why, e.g. {@code "membership lost: ..."}; the first reason given is kept.
     */
    public static void close(final Ring ring, final String reason) {
        ((BufferRing)ring).close(reason);
    }

    /**
     * Marks a ring's memory as gone, e.g. because its file shrank under the mapping: every later operation through
     * this handle throws a {@link dev.orbit.shm.SegmentException} with this message and touches nothing.
     *
     * @param ring    a ring from {@link #over} or {@link #allocate}.
     * @param message names the file, its size and the length it must have.
     */
    public static void fault(final Ring ring, final String message) {
        ((BufferRing)ring).fault(message);
    }

    /**
     * Lets the ring's publishers and sleepers use a fleet handle's wake hub: sleepers of this process are then
     * woken by publishers of other processes through the hub's transport. A ring starts with a hub of its own that
     * wakes this process's sleepers only. Call before the ring is handed out.
     *
     * @param ring a ring from {@link #over} or {@link #allocate}.
     * @param hub  the hub of the fleet handle whose node id the ring writes as.
     */
    public static void wakeUpsThrough(final Ring ring, final WakeHub hub) {
        ((BufferRing)ring).wakeHub(hub);
    }

    /**
     * Clears {@code node}'s sleeping mark on the ring, left by a previous holder of that node id that died asleep.
     * Called by the process that reclaims the node id, before any of its threads sleeps.
     *
     * @param ring a ring from {@link #over} or {@link #allocate}.
     * @param node the reclaimed node id.
     * @return whether a mark was cleared.
     */
    public static boolean clearSleeper(final Ring ring, final int node) {
        final BufferRing buffer = (BufferRing)ring;
        return buffer.canArmSleepers() && buffer.disarmSleeper(node);
    }

    /**
     * Opens a cursor at a full counter, e.g. to resume after the last position a previous reader handled. A
     * counter older than the ring retains is reported as overwritten by the cursor's first poll; a counter beyond
     * the head starts at the head.
     *
     * @param ring    a ring from {@link #over} or {@link #allocate}.
     * @param counter the first position to read.
     * @return a new cursor owned by the caller.
     */
    public static RingCursor cursorAt(final Ring ring, final long counter) {
        return ((BufferRing)ring).cursorAt(counter);
    }

    /**
     * Marks every slot that {@code node} left WRITING as ABANDONED. Called by a process that reclaims the
     * node id of a gone process, before it writes anything.
     *
     * @param ring a ring from {@link #over} or {@link #allocate}.
     * @param node the reclaimed node id.
     * @return slots abandoned.
     */
    public static int abandonWritesOf(final Ring ring, final int node) {
        return ((BufferRing)ring).abandonWritesOf(node);
    }

    /**
     * Makes a ring handle over initialised memory.
     */
    @FunctionalInterface
    interface Maker {

        /**
         * @param buffer           the ring's memory, header included.
         * @param file             the segment file, or null for process-local memory.
         * @param name             the ring's name (null: named after its kind).
         * @param node             this process's node id.
         * @param liveness         tells whether a slot's owner is gone.
         * @param clock            clock for pending timeouts.
         * @param pendingTimeoutMs pending timeout.
         * @param writable         false for a read-only mapping.
         * @return the ring.
         */
        BufferRing make(ByteBuffer buffer, Path file, String name, int node, OwnerLiveness liveness, EpochClock clock,
            long pendingTimeoutMs, boolean writable);
    }
}
