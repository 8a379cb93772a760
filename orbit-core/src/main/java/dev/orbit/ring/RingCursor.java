package dev.orbit.ring;

/**
 * A reader's position in a ring. A cursor never waits and never stalls on a slot: a position whose
 * writer has reserved but not yet committed is parked in a pending set that every poll re-checks, so the
 * frame is delivered late if it commits. Past the pending timeout a writable handle cancels the position by
 * marking its slot ABANDONED; it is counted unavailable only once that cancel succeeded (or its writer is gone),
 * so every reader classifies it alike. A position still being written by a live writer is never given up: it
 * stays pending until it commits, or is counted overwritten once the ring laps it.
 * <p>
 * Invariant: {@code delivered + loss.overwritten + loss.unavailable + pendingCount == positions passed}.
 * <p>
 * A cursor belongs to one thread.
 */
public interface RingCursor {

    /**
     * Delivers up to {@code limit} frames to the handler, re-checking pending positions first.
     *
     * @param handler receives private copies of frames.
     * @param limit   most frames to deliver.
     * @return frames delivered.
     */
    int poll(FrameHandler handler, int limit);

    /**
     * Delivers up to {@code limit} frames as records, with the loss since the previous call of this
     * method or of {@link #lossSinceLastCall()}.
     *
     * @param limit most frames to deliver.
     * @return frames and loss.
     */
    Poll poll(int limit);

    /**
     * @return the loss accumulated since the previous call of this method or {@link #poll(int)}.
     */
    Loss lossSinceLastCall();

    /**
     * @return the next position this cursor will read.
     */
    long position();

    /**
     * @return positions parked as pending.
     */
    int pendingCount();

    /**
     * @return frames delivered since the cursor was opened.
     */
    long delivered();

    /**
     * @return loss since the cursor was opened.
     */
    Loss loss();

    /**
     * @return positions the ring holds beyond this cursor (head minus position, plus pending).
     */
    long lag();

    /**
     * Sleeps until this cursor may have something to poll, for the thread that polls it. Returns at once when a
     * poll would deliver or settle something; otherwise marks this process asleep on the ring and blocks until a
     * publisher in any process of the fleet commits a frame (it nudges sleeping processes through their wake sockets),
     * {@link #wakeUp()} is called, the timeout passes or the thread is interrupted (the flag stays set).
     * <p>
     * No commit is missed: the ring is marked before the last look at it, and a publisher reads the mark after its
     * commit. The timeout is a safety net for a nudge that is lost (its publisher killed in between, or another
     * process's channel unreachable): the frame is then seen at the timeout. While a reserved position has not
     * committed, the sleep is cut to the ring's pending timeout, after which a poll settles it.
     * <p>
     * A thread of a process that cannot be nudged (the ring is attached read-only) looks at the ring every
     * millisecond instead.
     *
     * @param timeoutNanos longest sleep, the safety timeout.
     * @return true when there may be something to poll (a commit, a nudge, a wake-up), false when the timeout
     *     passed or the thread is interrupted. A true may be spurious: poll, and sleep again if nothing came.
     */
    boolean awaitFrames(long timeoutNanos);

    /**
     * Ends the current {@link #awaitFrames} of this cursor's thread, or makes its next one return at once. The one
     * method of a cursor that any thread may call (to stop a polling thread, for example).
     */
    void wakeUp();
}
