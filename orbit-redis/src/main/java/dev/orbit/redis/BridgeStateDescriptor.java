package dev.orbit.redis;

import java.nio.ByteBuffer;

import dev.orbit.internal.memory.BufferAccess;

import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of the bridge's own frames on the bridge ring (kind 223; host reports are frame kind 1, these are
 * {@link #FRAME_KIND}): where the host's bridge stood, written every {@code stateInterval} and when it stops, so
 * a successor in another process can resume even if Redis lost its copy. The ring frame's version is the time
 * written (this host's clock).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Host Epoch                           |  0
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Bridge Token (tenure)                     |  8
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Saved At (epoch ms, Redis's clock)               | 16
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       Forwarded (next local event counter, -1 unknown)        | 24
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Events applied: stream ms, seq, epoch, number (4 x u64)    ... 32
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Invalidations applied: stream ms, seq, epoch, number (4 x u64) ... 64
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * All fields little-endian; {@value #LENGTH} bytes.
 */
final class BridgeStateDescriptor {

    /** Frame kind of a bridge state on the bridge ring. */
    static final int FRAME_KIND = 2;

    /** Offset of the host epoch. */
    static final int HOST_EPOCH_OFFSET = 0;

    /** Offset of the bridge's tenure (its local claim's fence token). */
    static final int TOKEN_OFFSET = HOST_EPOCH_OFFSET + SIZE_OF_LONG;

    /** Offset of the time saved, on Redis's clock. */
    static final int SAVED_AT_OFFSET = TOKEN_OFFSET + SIZE_OF_LONG;

    /** Offset of the forwarded position. */
    static final int FORWARDED_OFFSET = SAVED_AT_OFFSET + SIZE_OF_LONG;

    /** Offset of the events stream position. */
    static final int EVENTS_OFFSET = FORWARDED_OFFSET + SIZE_OF_LONG;

    /** Length of a stream position. */
    static final int POSITION_LENGTH = 4 * SIZE_OF_LONG;

    /** Offset of the invalidations stream position. */
    static final int INVALIDATIONS_OFFSET = EVENTS_OFFSET + POSITION_LENGTH;

    /** Length of a state frame. */
    static final int LENGTH = INVALIDATIONS_OFFSET + POSITION_LENGTH;

    private BridgeStateDescriptor() {
    }

    /**
     * A decoded state.
     */
    record State(long hostEpoch, long token, long savedAtRedisMs, long forwarded, StreamPosition events,
        StreamPosition invalidations) {
    }

    static int encode(final ByteBuffer buffer, final State state) {
        BufferAccess.putLong(buffer, HOST_EPOCH_OFFSET, state.hostEpoch());
        BufferAccess.putLong(buffer, TOKEN_OFFSET, state.token());
        BufferAccess.putLong(buffer, SAVED_AT_OFFSET, state.savedAtRedisMs());
        BufferAccess.putLong(buffer, FORWARDED_OFFSET, state.forwarded());
        put(buffer, EVENTS_OFFSET, state.events());
        put(buffer, INVALIDATIONS_OFFSET, state.invalidations());
        return LENGTH;
    }

    private static void put(final ByteBuffer buffer, final int offset, final StreamPosition position) {
        BufferAccess.putLong(buffer, offset, position.ms());
        BufferAccess.putLong(buffer, offset + SIZE_OF_LONG, position.seq());
        BufferAccess.putLong(buffer, offset + 2 * SIZE_OF_LONG, position.epoch());
        BufferAccess.putLong(buffer, offset + 3 * SIZE_OF_LONG, position.number());
    }

    /**
     * @return the state, or null when the frame is not a state frame.
     */
    static State decode(final int frameKind, final ByteBuffer buffer, final int offset, final int length) {
        if (frameKind != FRAME_KIND || length != LENGTH) {
            return null;
        }
        return new State(
            BufferAccess.getLong(buffer, offset + HOST_EPOCH_OFFSET),
            BufferAccess.getLong(buffer, offset + TOKEN_OFFSET),
            BufferAccess.getLong(buffer, offset + SAVED_AT_OFFSET),
            BufferAccess.getLong(buffer, offset + FORWARDED_OFFSET),
            position(buffer, offset + EVENTS_OFFSET),
            position(buffer, offset + INVALIDATIONS_OFFSET));
    }

    private static StreamPosition position(final ByteBuffer buffer, final int offset) {
        return new StreamPosition(
            BufferAccess.getLong(buffer, offset),
            BufferAccess.getLong(buffer, offset + SIZE_OF_LONG),
            BufferAccess.getLong(buffer, offset + 2 * SIZE_OF_LONG),
            BufferAccess.getLong(buffer, offset + 3 * SIZE_OF_LONG));
    }
}
