package dev.orbit.ring;

import static org.agrona.BitUtil.CACHE_LINE_LENGTH;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of one slot. The stride is {@code 32 + payloadCapacity} rounded up to 64, so every slot starts
 * on its own cache line.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Sequence Word (see SeqWord)              |  0
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          NetId64                              |  8
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Version                              | 16
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Payload Length                          | 24
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Frame Kind   |                 R                             | 28
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Payload ...                          ... 32
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Only the sequence word is accessed atomically; the other fields are plain stores ordered by a
 * store-store fence after the writer's CAS to WRITING and before its CAS to COMMITTED.
 */
public final class SlotDescriptor {

    /** Offset of the sequence word (long). */
    public static final int SEQ_OFFSET = 0;

    /** Offset of the frame's NetId64 (long). */
    public static final int ID_OFFSET = SEQ_OFFSET + SIZE_OF_LONG;

    /** Offset of the caller's version (long). */
    public static final int VERSION_OFFSET = ID_OFFSET + SIZE_OF_LONG;

    /** Offset of the payload length (int). */
    public static final int LENGTH_OFFSET = VERSION_OFFSET + SIZE_OF_LONG;

    /** Offset of the frame kind (u8). */
    public static final int FRAME_KIND_OFFSET = LENGTH_OFFSET + SIZE_OF_INT;

    /** Length of the slot header; the payload starts here. */
    public static final int HEADER_LENGTH = FRAME_KIND_OFFSET + SIZE_OF_INT;

    /** Slots are aligned to this many bytes. */
    public static final int ALIGNMENT = CACHE_LINE_LENGTH;

    /** Largest frame kind. */
    public static final int MAX_FRAME_KIND = 0xFF;

    private SlotDescriptor() {
    }

    /**
     * @param payloadCapacity bytes of payload per slot.
     * @return the slot stride: header plus payload, rounded up to {@link #ALIGNMENT}.
     */
    public static int stride(final int payloadCapacity) {
        return (HEADER_LENGTH + payloadCapacity + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * @param slotOffset offset of the slot.
     * @return offset of its payload.
     */
    public static int payloadOffset(final int slotOffset) {
        return slotOffset + HEADER_LENGTH;
    }
}
