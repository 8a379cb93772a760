package dev.orbit.ring;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * A bounded ring of frames that overwrites its oldest frames. Any number of threads and processes may
 * publish; readers never block writers and never see a torn or mixed frame.
 * <p>
 * <b>Loss is not an error condition.</b> A publish returns {@link NetId64#NULL} when its write was lost
 * (lapped before it could commit, or its slot is still held by a stalled live writer) and the ring counts
 * it in {@link #stats()}. A read of an id whose slot was overwritten is empty. A cursor reports what it
 * missed as {@link Loss}.
 * <p>
 * The interface carries no addresses, so a ring may be backed by something other than memory.
 */
public interface Ring {

    /**
     * @return the ring kind, 1..255.
     */
    int kind();

    /**
     * @return the ring's shape.
     */
    RingSpec spec();

    /**
     * @return a name for humans and meters: a cache's name for a cache ring, the declaring type's simple name
     *     for a typed ring, {@code events}, {@code heartbeats} or {@code contest} for the substrates' rings.
     */
    String name();

    /**
     * @return slots in the ring.
     */
    default int capacity() {
        return spec().capacity();
    }

    /**
     * @return payload bytes per slot.
     */
    default int payloadCapacity() {
        return spec().payloadCapacity();
    }

    /**
     * Publishes one frame.
     *
     * @param frameKind opcode within the ring, 0..255.
     * @param version   the caller's version (timestamp, expiry, version number).
     * @param src       the payload.
     * @param offset    payload offset in {@code src}.
     * @param length    payload length, at most {@link #payloadCapacity()}.
     * @return the frame's NetId64, or {@link NetId64#NULL} when the write was lost.
     * @throws IllegalArgumentException when the payload exceeds the payload capacity.
     */
    long publish(int frameKind, long version, ByteBuffer src, int offset, int length);

    /**
     * Publishes one frame.
     *
     * @param frameKind opcode within the ring.
     * @param version   the caller's version.
     * @param src       the payload.
     * @param offset    payload offset in {@code src}.
     * @param length    payload length.
     * @return the frame's NetId64, or {@link NetId64#NULL} when the write was lost.
     */
    long publish(int frameKind, long version, byte[] src, int offset, int length);

    /**
     * Publishes one frame.
     *
     * @param frameKind opcode within the ring.
     * @param version   the caller's version.
     * @param payload   the payload.
     * @return the frame's NetId64, or {@link NetId64#NULL} when the write was lost.
     */
    default long publish(final int frameKind, final long version, final byte[] payload) {
        return publish(frameKind, version, payload, 0, payload.length);
    }

    /**
     * Publishes frames at consecutive counters, reserved with one atomic add.
     *
     * @param frameKind opcode within the ring.
     * @param version   the caller's version, the same for every frame.
     * @param payloads  the payloads.
     * @return the ids in the order of {@code payloads}; {@link NetId64#NULL} for each lost write.
     */
    long[] publishBatch(int frameKind, long version, List<byte[]> payloads);

    /**
     * Reads a frame by id.
     *
     * @param id      a NetId64 of this ring's kind.
     * @param handler receives a private copy of the frame.
     * @return false when the frame is no longer (or not yet) readable.
     */
    boolean read(long id, FrameHandler handler);

    /**
     * @param id a NetId64 of this ring's kind.
     * @return a copy of the frame, empty when it is no longer readable.
     */
    Optional<Frame> read(long id);

    /**
     * Reads the frame at a full counter.
     *
     * @param counter the counter.
     * @param handler receives a private copy of the frame.
     * @return false when that position holds no committed frame.
     */
    boolean readAt(long counter, FrameHandler handler);

    /**
     * @param counter the counter.
     * @return a copy of the frame at that position, empty when it holds no committed frame.
     */
    Optional<Frame> readAt(long counter);

    /**
     * Reads the newest committed frame. The head counts reservations, so this looks back over a bounded
     * number of positions for one that has committed.
     *
     * @param handler receives a private copy of the frame.
     * @return false when none of the newest positions holds a committed frame.
     */
    boolean readHead(FrameHandler handler);

    /**
     * @return a copy of the newest committed frame.
     */
    Optional<Frame> readHead();

    /**
     * @return the next counter to be reserved.
     */
    long head();

    /**
     * @param start where the cursor starts.
     * @return a new cursor owned by the caller (not thread-safe).
     */
    RingCursor cursor(StartPosition start);

    /**
     * @return the ring's shared counters.
     */
    RingStats stats();

    /**
     * Drops every frame: readers skip to the current head. Only for a quiescent ring (no writer between
     * reserving and committing); a write in flight during a reset may still become readable.
     */
    void reset();
}
