package dev.orbit.internal.ring;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.agrona.concurrent.EpochClock;

import dev.orbit.ring.Ring;

/**
 * The one place tests reach into the ring, shipped in the core's test jar for every module's tests: rings whose
 * writers stop between their plain stores and their commit (to kill or stall a writer mid-write), and the second
 * half of a publish at a counter reserved earlier (for jcstress interleavings). Nothing here is on the production
 * write path: a writer calls {@link BufferRing#beforeCommit()}, which only the rings made here override.
 */
public final class RingSeams {

    private RingSeams() {
    }

    /**
     * Makes every ring that fleets of this JVM open from now on run {@code hook} in each write between its plain
     * stores and its commit (call it before the fleet opens the ring: rings opened earlier, such as the fleet's
     * own, stay plain). A hook that throws leaves the slot as a writer dying there would; one that parks stalls the
     * writer there.
     *
     * @param hook runs mid-write on the writing thread; null makes plain rings again.
     */
    public static void onMidWrite(final Runnable hook) {
        Rings.maker = hook == null ? BufferRing::new :
            (buffer, file, name, node, liveness, clock, pendingTimeoutMs, writable) ->
                new PausingRing(buffer, file, name, node, liveness, clock, pendingTimeoutMs, writable, hook);
    }

    /**
     * @param memory           initialised ring memory (see {@link Rings#initialise}).
     * @param node             the handle's node id.
     * @param liveness         tells whether a slot's owner is gone.
     * @param clock            clock for pending timeouts.
     * @param pendingTimeoutMs pending timeout.
     * @param hook             runs mid-write in every write through this handle.
     * @return a writable handle whose writers run {@code hook} between their stores and their commit.
     */
    public static Ring pausing(
        final ByteBuffer memory,
        final int node,
        final OwnerLiveness liveness,
        final EpochClock clock,
        final long pendingTimeoutMs,
        final Runnable hook) {
        return new PausingRing(memory, null, null, node, liveness, clock, pendingTimeoutMs, true, hook);
    }

    /**
     * @param drop true to make every publisher in this JVM drop its wake-up nudges (as if each were lost), false to
     *             send them again.
     */
    public static void dropNudges(final boolean drop) {
        WakeHub.dropNudgesForTest = drop;
    }

    /**
     * Writes {@code payload} (frame kind 0, version 0) at an already reserved {@code counter}, exactly as the
     * publish that reserved it would.
     *
     * @param ring    a ring from {@link Rings}.
     * @param counter the reserved counter.
     * @param payload the payload, within the ring's payload capacity.
     * @return the frame's id, or {@link dev.orbit.ring.NetId64#NULL} when the write was lost.
     */
    public static long publishAt(final Ring ring, final long counter, final byte[] payload) {
        return ((BufferRing)ring).write(counter, 0, 0L, null, payload, 0, payload.length);
    }

    /**
     * A ring whose writers run a hook between their plain stores and their commit.
     */
    static final class PausingRing extends BufferRing {

        private final Runnable hook;

        PausingRing(
            final ByteBuffer buffer,
            final Path file,
            final String name,
            final int node,
            final OwnerLiveness liveness,
            final EpochClock clock,
            final long pendingTimeoutMs,
            final boolean writable,
            final Runnable hook) {
            super(buffer, file, name, node, liveness, clock, pendingTimeoutMs, writable);
            this.hook = hook;
        }

        @Override
        void beforeCommit() {
            hook.run();
        }
    }
}
