package dev.orbit.ring;

import dev.orbit.shm.SegmentDescriptor;

import static org.agrona.BitUtil.CACHE_LINE_LENGTH;
import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * Layout of a ring: a header, a lane header with the head counter on its own cache lines, shared
 * counters on their own cache lines, then {@code capacity} slots (see {@link SlotDescriptor}).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Common segment header (magic, version, ...)          |  0
 *  |                             ...                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Capacity (slots)                        | 40
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Payload Capacity                        | 44
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Slot Stride                          | 48
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Kind      |   Topology    |          Lane Count           | 52
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Floor Counter                         | 56
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Padding (64 bytes)                         | 64
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Head Counter (lane 0)                        | 128
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Padding (120 bytes)                        | 136
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Lost Writes (lapped before commit)            | 256
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Busy Writes (slot held by a live writer)      | 264
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Abandoned (positions cancelled by readers)    | 272
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Takeovers (slots of gone writers reclaimed)   | 280
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Padding (32 bytes)                         | 288
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Sleepers (nodes with a thread asleep)         | 320
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Sleeping Nodes (bit n: node n, 4 x 64 bits)   | 328
 *  |                             ...                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Padding (24 bytes)                         | 360
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Slots ...                             ... 384
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The first 40 bytes are the header every segment shares (magic, format version, type tag, length,
 * creation time, creator pid), written by {@code dev.orbit.internal.shm.MappedSegment}; the magic is written last
 * so attachers never see a half-initialised ring. An in-process ring uses the same layout in a direct
 * buffer. All fields are little-endian.
 * <p>
 * <b>Wake-ups</b> (an eventcount): the sleepers word and the sleeping-nodes bits share one cache line that
 * publishers only read. A thread about to block on the ring adds one to the sleepers word, then sets its node's
 * bit, then looks at the ring again before it blocks; a publisher reads the sleepers word after every commit and,
 * only when it is not zero, clears each set bit it finds (atomically: the one that clears a bit takes one off the
 * sleepers word) and nudges that node. A node that wakes clears its own bit the same way. The sleepers word is
 * therefore never below the number of set bits: a process killed between the two steps leaves it one too high,
 * which costs publishers a read of the bits, never a wake-up. Format 1 files created before these fields existed
 * hold zeros here, which reads as nobody asleep.
 */
public final class RingDescriptor {

    /** Type tag of ring segments in the common header. */
    public static final int TYPE_TAG = 0x52494E47; // "RING"

    /** Offset of the capacity in slots (int, a power of two). */
    public static final int CAPACITY_OFFSET = SegmentDescriptor.TYPE_HEADER_OFFSET;

    /** Offset of the payload capacity in bytes (int). */
    public static final int PAYLOAD_CAPACITY_OFFSET = CAPACITY_OFFSET + SIZE_OF_INT;

    /** Offset of the slot stride in bytes (int, a multiple of 64). */
    public static final int SLOT_STRIDE_OFFSET = PAYLOAD_CAPACITY_OFFSET + SIZE_OF_INT;

    /** Offset of the ring kind (u8). */
    public static final int KIND_OFFSET = SLOT_STRIDE_OFFSET + SIZE_OF_INT;

    /** Offset of the topology (u8); {@link #TOPOLOGY_SHARED_HEAD} is the only one defined. */
    public static final int TOPOLOGY_OFFSET = KIND_OFFSET + SIZE_OF_BYTE;

    /** Offset of the lane count (u16); always 1 in this format. */
    public static final int LANE_COUNT_OFFSET = TOPOLOGY_OFFSET + SIZE_OF_BYTE;

    /** Offset of the floor counter (long): positions below it were dropped by a reset. */
    public static final int FLOOR_OFFSET = LANE_COUNT_OFFSET + SIZE_OF_SHORT;

    /** Offset of lane 0's head counter (long): the next counter to be reserved. */
    public static final int HEAD_OFFSET = CACHE_LINE_LENGTH * 2;

    /** Offset of the count of writes lapped before they could commit (long). */
    public static final int LOST_WRITES_OFFSET = HEAD_OFFSET + CACHE_LINE_LENGTH * 2;

    /** Offset of the count of writes lost because a live writer still held their slot (long). */
    public static final int BUSY_WRITES_OFFSET = LOST_WRITES_OFFSET + SIZE_OF_LONG;

    /** Offset of the count of positions cancelled by readers after the pending timeout (long). */
    public static final int ABANDONED_OFFSET = BUSY_WRITES_OFFSET + SIZE_OF_LONG;

    /** Offset of the count of slots taken over from writers whose process is gone (long). */
    public static final int TAKEOVERS_OFFSET = ABANDONED_OFFSET + SIZE_OF_LONG;

    /**
     * Offset of the sleepers word (long): how many nodes have their bit set in the sleeping-nodes words, plus
     * those about to set it (see the class comment). Zero when nobody sleeps on the ring.
     */
    public static final int SLEEPERS_OFFSET = LOST_WRITES_OFFSET + CACHE_LINE_LENGTH;

    /** Offset of the sleeping-nodes words: {@link #SLEEPING_NODE_WORDS} longs, bit {@code n % 64} of word {@code n / 64}. */
    public static final int SLEEPING_NODES_OFFSET = SLEEPERS_OFFSET + SIZE_OF_LONG;

    /** Words of sleeping-node bits: one bit per node id 0..255. */
    public static final int SLEEPING_NODE_WORDS = 4;

    /** Node ids the sleeping-node bits cover. */
    public static final int SLEEPING_NODES = SLEEPING_NODE_WORDS * Long.SIZE;

    /** Length of the ring header; slots start here. */
    public static final int HEADER_LENGTH = LOST_WRITES_OFFSET + CACHE_LINE_LENGTH * 2;

    /** Every writer reserves counters from one shared head. */
    public static final int TOPOLOGY_SHARED_HEAD = 1;

    /** Lane count of this format. */
    public static final int LANE_COUNT = 1;

    /** Largest ring that maps into one buffer. */
    public static final long MAX_LENGTH = Integer.MAX_VALUE;

    private RingDescriptor() {
    }

    /**
     * @param capacity slots.
     * @param stride   slot stride.
     * @return the total length of the ring in bytes.
     */
    public static long length(final int capacity, final int stride) {
        return HEADER_LENGTH + (long)capacity * stride;
    }

    /**
     * @param node a node id.
     * @return the offset of the sleeping-nodes word that holds its bit.
     */
    public static int sleepingNodeWordOffset(final int node) {
        return SLEEPING_NODES_OFFSET + ((node & (SLEEPING_NODES - 1)) >>> 6) * SIZE_OF_LONG;
    }

    /**
     * @param node a node id.
     * @return its bit within {@link #sleepingNodeWordOffset(int)}.
     */
    public static long sleepingNodeBit(final int node) {
        return 1L << (node & (Long.SIZE - 1));
    }

    /**
     * @param index  slot index.
     * @param stride slot stride.
     * @return the slot's offset in the ring.
     */
    public static int slotOffset(final int index, final int stride) {
        return HEADER_LENGTH + index * stride;
    }
}
