package dev.orbit.ring;

import java.nio.ByteBuffer;

/**
 * Receives a frame that was copied out of its slot and validated. The buffer is the reader's private
 * copy (little-endian), valid only during the call; it is never the live shared slot.
 */
@FunctionalInterface
public interface FrameHandler {

    /**
     * @param id        the frame's NetId64.
     * @param frameKind the opcode within the ring, 0..255.
     * @param version   the writer's version (a timestamp, expiry or version number).
     * @param buffer    private copy holding the payload.
     * @param offset    payload offset in {@code buffer}.
     * @param length    payload length.
     */
    void onFrame(long id, int frameKind, long version, ByteBuffer buffer, int offset, int length);
}
