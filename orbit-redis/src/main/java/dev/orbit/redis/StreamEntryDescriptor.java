package dev.orbit.redis;

import java.nio.ByteBuffer;

import dev.orbit.internal.memory.BufferAccess;

import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * Layout of one event in the fleet's Redis stream. An entry has four fields: {@code h} the origin host's id,
 * {@code n} the event's number among its host's entries in the stream epoch, {@code b} the stream epoch, and {@code d} the event encoded as
 * below (little-endian), so Redis stores and hands out one value per event rather than one per attribute.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               Origin Id (the event's NetId64 at home)         |  0
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Timestamp (epoch ms)                      |  8
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Origin Host Epoch                       | 16
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Topic Length          |        Headers Length         | 24
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Topic (UTF-8) ...                     ... 28
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Header Entries (as in the event frame, origin left out) ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Payload ...                        ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The payload is what remains after the headers. A value shorter than its lengths say is malformed: the receiving
 * bridge counts it lost and moves on.
 */
final class StreamEntryDescriptor {

    /** Offset of the origin id. */
    static final int ORIGIN_ID_OFFSET = 0;

    /** Offset of the timestamp. */
    static final int TIMESTAMP_OFFSET = ORIGIN_ID_OFFSET + SIZE_OF_LONG;

    /** Offset of the origin host's epoch. */
    static final int HOST_EPOCH_OFFSET = TIMESTAMP_OFFSET + SIZE_OF_LONG;

    /** Offset of the topic length (u16). */
    static final int TOPIC_LENGTH_OFFSET = HOST_EPOCH_OFFSET + SIZE_OF_LONG;

    /** Offset of the headers length (u16). */
    static final int HEADERS_LENGTH_OFFSET = TOPIC_LENGTH_OFFSET + SIZE_OF_SHORT;

    /** Length of the fixed part; the topic starts here. */
    static final int HEADER_LENGTH = HEADERS_LENGTH_OFFSET + SIZE_OF_SHORT;


    private StreamEntryDescriptor() {
    }

    /**
     * Encodes an event from its frame's parts.
     */
    static byte[] encode(
        final long originId,
        final long timestampMs,
        final long hostEpoch,
        final ByteBuffer source,
        final int topicOffset,
        final int topicLength,
        final int headersOffset,
        final int headersLength,
        final int payloadOffset,
        final int payloadLength) {
        final byte[] value = new byte[HEADER_LENGTH + topicLength + headersLength + payloadLength];
        final ByteBuffer out = ByteBuffer.wrap(value);
        BufferAccess.putLong(out, ORIGIN_ID_OFFSET, originId);
        BufferAccess.putLong(out, TIMESTAMP_OFFSET, timestampMs);
        BufferAccess.putLong(out, HOST_EPOCH_OFFSET, hostEpoch);
        BufferAccess.putShort(out, TOPIC_LENGTH_OFFSET, (short)topicLength);
        BufferAccess.putShort(out, HEADERS_LENGTH_OFFSET, (short)headersLength);
        out.put(HEADER_LENGTH, source, topicOffset, topicLength);
        out.put(HEADER_LENGTH + topicLength, source, headersOffset, headersLength);
        out.put(HEADER_LENGTH + topicLength + headersLength, source, payloadOffset, payloadLength);
        return value;
    }

    /**
     * @return true when the value holds its fixed part and the lengths it names.
     */
    static boolean isWellFormed(final byte[] value) {
        if (value == null || value.length < HEADER_LENGTH) {
            return false;
        }
        final ByteBuffer in = ByteBuffer.wrap(value);
        return HEADER_LENGTH + topicLength(in) + headersLength(in) <= value.length;
    }

    static long originId(final ByteBuffer in) {
        return BufferAccess.getLong(in, ORIGIN_ID_OFFSET);
    }

    static long timestampMs(final ByteBuffer in) {
        return BufferAccess.getLong(in, TIMESTAMP_OFFSET);
    }

    static long hostEpoch(final ByteBuffer in) {
        return BufferAccess.getLong(in, HOST_EPOCH_OFFSET);
    }

    static int topicLength(final ByteBuffer in) {
        return BufferAccess.getShort(in, TOPIC_LENGTH_OFFSET) & 0xFFFF;
    }

    static int headersLength(final ByteBuffer in) {
        return BufferAccess.getShort(in, HEADERS_LENGTH_OFFSET) & 0xFFFF;
    }
}
