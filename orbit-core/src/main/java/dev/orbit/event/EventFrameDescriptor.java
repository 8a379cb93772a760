package dev.orbit.event;

import java.nio.ByteBuffer;

import dev.orbit.internal.memory.BufferAccess;

import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * Layout of an event frame's payload. Every topic shares the event ring; the topic travels in the frame.
 * The ring frame's {@code frameKind} is {@link #FRAME_KIND} and its version is the timestamp.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Topic Length          |        Payload Length         |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Timestamp (epoch ms)                      |  4
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Topic (UTF-8) ...                     ... 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Payload ...                        ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * All fields are little-endian: topic length (u16), payload length (u16), timestamp (u64), then the topic
 * bytes, then the payload bytes. The header is {@value #HEADER_LENGTH} bytes.
 * <p>
 * A frame is well formed only when its frame kind is {@link #FRAME_KIND}, it holds at least the header,
 * the topic is 1..{@value #MAX_TOPIC_LENGTH} bytes of valid UTF-8, and header plus topic plus payload is
 * exactly the frame length. {@link #isWellFormed} decides that without ever throwing; every accessor may
 * be used only on a frame it accepted.
 */
public final class EventFrameDescriptor {

    /** Frame kind of an event on the event ring. */
    public static final int FRAME_KIND = 1;

    /** Offset of the topic length (u16). */
    public static final int TOPIC_LENGTH_OFFSET = 0;

    /** Offset of the payload length (u16). */
    public static final int PAYLOAD_LENGTH_OFFSET = TOPIC_LENGTH_OFFSET + SIZE_OF_SHORT;

    /** Offset of the publisher's timestamp in epoch milliseconds (u64). */
    public static final int TIMESTAMP_OFFSET = PAYLOAD_LENGTH_OFFSET + SIZE_OF_SHORT;

    /** Length of the header; the topic starts here. */
    public static final int HEADER_LENGTH = TIMESTAMP_OFFSET + SIZE_OF_LONG;

    /** Longest topic in UTF-8 bytes. */
    public static final int MAX_TOPIC_LENGTH = 255;

    /** Largest payload the u16 length field can carry. */
    public static final int MAX_PAYLOAD_LENGTH = 0xFFFF;

    private EventFrameDescriptor() {
    }

    /**
     * Decides whether a frame is a well formed event. Never throws, whatever the arguments.
     *
     * @param frameKind the ring frame's kind.
     * @param buffer    holds the payload.
     * @param offset    payload offset.
     * @param length    payload length.
     * @return true when the payload may be decoded with the accessors of this class.
     */
    public static boolean isWellFormed(final int frameKind, final ByteBuffer buffer, final int offset, final int length) {
        if (frameKind != FRAME_KIND || buffer == null || offset < 0 || length < HEADER_LENGTH ||
            offset > buffer.limit() - length) {
            return false;
        }
        final int topicLength = topicLength(buffer, offset);
        return topicLength >= 1 && topicLength <= MAX_TOPIC_LENGTH &&
            HEADER_LENGTH + topicLength + payloadLength(buffer, offset) == length &&
            isValidUtf8(buffer, topicOffset(offset), topicLength);
    }

    /**
     * @param buffer holds a well formed frame.
     * @param offset payload offset.
     * @return the topic length in bytes.
     */
    public static int topicLength(final ByteBuffer buffer, final int offset) {
        return BufferAccess.getShort(buffer, offset + TOPIC_LENGTH_OFFSET) & 0xFFFF;
    }

    /**
     * @param buffer holds a well formed frame.
     * @param offset payload offset.
     * @return the event payload length.
     */
    public static int payloadLength(final ByteBuffer buffer, final int offset) {
        return BufferAccess.getShort(buffer, offset + PAYLOAD_LENGTH_OFFSET) & 0xFFFF;
    }

    /**
     * @param buffer holds a well formed frame.
     * @param offset payload offset.
     * @return the publisher's timestamp in epoch milliseconds.
     */
    public static long timestampMs(final ByteBuffer buffer, final int offset) {
        return BufferAccess.getLong(buffer, offset + TIMESTAMP_OFFSET);
    }

    /**
     * @param offset payload offset.
     * @return offset of the topic.
     */
    public static int topicOffset(final int offset) {
        return offset + HEADER_LENGTH;
    }

    /**
     * @param offset      payload offset.
     * @param topicLength topic length.
     * @return offset of the event payload.
     */
    public static int payloadOffset(final int offset, final int topicLength) {
        return offset + HEADER_LENGTH + topicLength;
    }

    /**
     * @param topicLength   topic length.
     * @param payloadLength event payload length.
     * @return frame length of such an event.
     */
    public static int frameLength(final int topicLength, final int payloadLength) {
        return HEADER_LENGTH + topicLength + payloadLength;
    }

    /**
     * Writes a header; the caller writes the topic at {@link #topicOffset} and the payload at
     * {@link #payloadOffset}.
     *
     * @param buffer        destination (its byte order is ignored: fields are little-endian).
     * @param offset        payload offset.
     * @param topicLength   topic length, 1..{@link #MAX_TOPIC_LENGTH}.
     * @param payloadLength event payload length, at most {@link #MAX_PAYLOAD_LENGTH}.
     * @param timestampMs   epoch milliseconds.
     */
    public static void writeHeader(
        final ByteBuffer buffer, final int offset, final int topicLength, final int payloadLength, final long timestampMs) {
        BufferAccess.putShort(buffer, offset + TOPIC_LENGTH_OFFSET, (short)topicLength);
        BufferAccess.putShort(buffer, offset + PAYLOAD_LENGTH_OFFSET, (short)payloadLength);
        BufferAccess.putLong(buffer, offset + TIMESTAMP_OFFSET, timestampMs);
    }

    /**
     * Checks well formed UTF-8 (RFC 3629: shortest forms only, no surrogates, at most U+10FFFF).
     *
     * @param buffer holds the bytes; the range must lie within its limit.
     * @param offset first byte.
     * @param length number of bytes.
     * @return true when the range is valid UTF-8.
     */
    static boolean isValidUtf8(final ByteBuffer buffer, final int offset, final int length) {
        final int end = offset + length;
        int i = offset;
        while (i < end) {
            final int lead = buffer.get(i) & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            final int continuations;
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                continuations = 1;
            }
            else if (lead >= 0xE0 && lead <= 0xEF) {
                continuations = 2;
                if (lead == 0xE0) {
                    secondMin = 0xA0;
                }
                else if (lead == 0xED) {
                    secondMax = 0x9F;
                }
            }
            else if (lead >= 0xF0 && lead <= 0xF4) {
                continuations = 3;
                if (lead == 0xF0) {
                    secondMin = 0x90;
                }
                else if (lead == 0xF4) {
                    secondMax = 0x8F;
                }
            }
            else {
                return false;
            }
            if (end - i <= continuations) {
                return false;
            }
            final int second = buffer.get(i + 1) & 0xFF;
            if (second < secondMin || second > secondMax) {
                return false;
            }
            for (int k = 2; k <= continuations; k++) {
                final int next = buffer.get(i + k) & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
            i += continuations + 1;
        }
        return true;
    }
}
