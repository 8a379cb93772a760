package dev.orbit.fleet;

import dev.orbit.shm.SegmentDescriptor;

import static org.agrona.BitUtil.CACHE_LINE_LENGTH;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of a fleet's members segment: a header, then one 128-byte slot per node id.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Common segment header (magic, version, ...)          |  0
 *  |                             ...                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Slot Count                           | 40
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Slot Length                          | 44
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               Heartbeat Interval (ms, creator's)              | 48
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Host Epoch (random, non-zero)                | 56
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     R (up to 128)                            ... 64
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Slots (node 0, 1, ...)                  ... 128
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * A slot:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |St |               Incarnation (30)                            |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Pid (32)                            |  4 (as one long: state in bits 63-62)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Process Start Time                         |  8
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Pid Namespace                            | 16
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Last Seen (epoch ms)                       | 24
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Joined At (epoch ms)                       | 32
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Label Length                           | 40
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                             R                                 | 44
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Label (64 bytes) ...                     ... 48
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Kept Alive At (epoch ms)                    | 112
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          R (8 bytes)                          | 120
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The slot word {@code [state:2][incarnation:30][pid:32]} is claimed with one CAS from the exact value
 * observed, so two claimers of one slot can never both win; the claimer then writes its identity and
 * release-stores LIVE.
 * <p>
 * The host epoch is a random 64-bit value written when the segment is created: a host whose segments were
 * created anew (rebooted, or its /dev/shm cleared) is a new host to the other hosts of a fleet. A segment
 * written by an earlier version has 0 there; the first member to join it sets one by CAS.
 */
final class MembersDescriptor {

    /** Type tag of members segments in the common header. */
    static final int TYPE_TAG = 0x4D454D42; // "MEMB"

    /** Offset of the slot count (int). */
    static final int SLOT_COUNT_OFFSET = SegmentDescriptor.TYPE_HEADER_OFFSET;

    /** Offset of the slot length (int). */
    static final int SLOT_LENGTH_OFFSET = SLOT_COUNT_OFFSET + SIZE_OF_INT;

    /** Offset of the creator's heartbeat interval in millis (long), for tools judging members. */
    static final int HEARTBEAT_INTERVAL_OFFSET = SLOT_LENGTH_OFFSET + SIZE_OF_INT;

    /** Offset of the host epoch (long): random, non-zero, written when the segment is created. */
    static final int HOST_EPOCH_OFFSET = HEARTBEAT_INTERVAL_OFFSET + SIZE_OF_LONG;

    /** Length of the header; slots start here. */
    static final int HEADER_LENGTH = CACHE_LINE_LENGTH * 2;

    /** Length of a slot. */
    static final int SLOT_LENGTH = CACHE_LINE_LENGTH * 2;

    /** Offset of the slot word (long) within a slot. */
    static final int WORD_OFFSET = 0;

    /** Offset of the process start time (long). */
    static final int START_TIME_OFFSET = WORD_OFFSET + SIZE_OF_LONG;

    /** Offset of the pid namespace inode (long). */
    static final int PID_NAMESPACE_OFFSET = START_TIME_OFFSET + SIZE_OF_LONG;

    /** Offset of the last-seen epoch millis (long). */
    static final int LAST_SEEN_OFFSET = PID_NAMESPACE_OFFSET + SIZE_OF_LONG;

    /** Offset of the joined-at epoch millis (long). */
    static final int JOINED_AT_OFFSET = LAST_SEEN_OFFSET + SIZE_OF_LONG;

    /** Offset of the label length (int), followed by 4 reserved bytes. */
    static final int LABEL_LENGTH_OFFSET = JOINED_AT_OFFSET + SIZE_OF_LONG;

    /** Offset of the label bytes (UTF-8). */
    static final int LABEL_OFFSET = LABEL_LENGTH_OFFSET + SIZE_OF_LONG;

    /** Largest label. */
    static final int MAX_LABEL_LENGTH = 64;

    /**
     * Offset of the kept-alive epoch millis (long), refreshed by the member's keeper thread every heartbeat
     * interval; judges members in another pid namespace.
     */
    static final int KEPT_ALIVE_OFFSET = LABEL_OFFSET + MAX_LABEL_LENGTH;

    /** Slot word state: never claimed or cleanly released. */
    static final int FREE = 0;

    /** Slot word state: claimed, identity being written. */
    static final int CLAIMING = 1;

    /** Slot word state: held. */
    static final int LIVE = 2;

    private static final int STATE_SHIFT = 62;
    private static final int INCARNATION_SHIFT = 32;
    private static final long INCARNATION_MASK = (1L << 30) - 1;
    private static final long PID_MASK = 0xFFFF_FFFFL;

    private MembersDescriptor() {
    }

    static long length(final int slots) {
        return HEADER_LENGTH + (long)slots * SLOT_LENGTH;
    }

    static int slotOffset(final int node) {
        return HEADER_LENGTH + node * SLOT_LENGTH;
    }

    static long word(final int state, final long incarnation, final long pid) {
        return ((long)state << STATE_SHIFT) | ((incarnation & INCARNATION_MASK) << INCARNATION_SHIFT) | (pid & PID_MASK);
    }

    static int state(final long word) {
        return (int)(word >>> STATE_SHIFT);
    }

    static long incarnation(final long word) {
        return (word >>> INCARNATION_SHIFT) & INCARNATION_MASK;
    }

    static long pid(final long word) {
        return word & PID_MASK;
    }
}
