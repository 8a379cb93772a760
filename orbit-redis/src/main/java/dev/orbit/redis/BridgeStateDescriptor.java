package dev.orbit.redis;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
    static final int TOKEN_OFFSET = HOST_EPOCH_OFFSET + Long.BYTES;

    /** Offset of the time saved, on Redis's clock. */
    static final int SAVED_AT_OFFSET = TOKEN_OFFSET + Long.BYTES;

    /** Offset of the forwarded position. */
    static final int FORWARDED_OFFSET = SAVED_AT_OFFSET + Long.BYTES;

    /** Offset of the events stream position. */
    static final int EVENTS_OFFSET = FORWARDED_OFFSET + Long.BYTES;

    /** Length of a stream position. */
    static final int POSITION_LENGTH = 4 * Long.BYTES;

    /** Offset of the invalidations stream position. */
    static final int INVALIDATIONS_OFFSET = EVENTS_OFFSET + POSITION_LENGTH;

    /** Length of a state frame. */
    static final int LENGTH = INVALIDATIONS_OFFSET + POSITION_LENGTH;

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private BridgeStateDescriptor() {
    }

    /**
     * A decoded state.
     */
    record State(long hostEpoch, long token, long savedAtRedisMs, long forwarded, StreamPosition events,
        StreamPosition invalidations) {
    }

    static int encode(final ByteBuffer buffer, final State state) {
        LONG.set(buffer, HOST_EPOCH_OFFSET, state.hostEpoch());
        LONG.set(buffer, TOKEN_OFFSET, state.token());
        LONG.set(buffer, SAVED_AT_OFFSET, state.savedAtRedisMs());
        LONG.set(buffer, FORWARDED_OFFSET, state.forwarded());
        put(buffer, EVENTS_OFFSET, state.events());
        put(buffer, INVALIDATIONS_OFFSET, state.invalidations());
        return LENGTH;
    }

    private static void put(final ByteBuffer buffer, final int offset, final StreamPosition position) {
        LONG.set(buffer, offset, position.ms());
        LONG.set(buffer, offset + Long.BYTES, position.seq());
        LONG.set(buffer, offset + 2 * Long.BYTES, position.epoch());
        LONG.set(buffer, offset + 3 * Long.BYTES, position.number());
    }

    /**
     * @return the state, or null when the frame is not a state frame.
     */
    static State decode(final int frameKind, final ByteBuffer buffer, final int offset, final int length) {
        if (frameKind != FRAME_KIND || length != LENGTH) {
            return null;
        }
        return new State(
            (long)LONG.get(buffer, offset + HOST_EPOCH_OFFSET),
            (long)LONG.get(buffer, offset + TOKEN_OFFSET),
            (long)LONG.get(buffer, offset + SAVED_AT_OFFSET),
            (long)LONG.get(buffer, offset + FORWARDED_OFFSET),
            position(buffer, offset + EVENTS_OFFSET),
            position(buffer, offset + INVALIDATIONS_OFFSET));
    }

    private static StreamPosition position(final ByteBuffer buffer, final int offset) {
        return new StreamPosition(
            (long)LONG.get(buffer, offset),
            (long)LONG.get(buffer, offset + Long.BYTES),
            (long)LONG.get(buffer, offset + 2 * Long.BYTES),
            (long)LONG.get(buffer, offset + 3 * Long.BYTES));
    }
}
