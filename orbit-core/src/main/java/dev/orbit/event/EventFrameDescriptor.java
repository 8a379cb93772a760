package dev.orbit.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.orbit.internal.memory.BufferAccess;

import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * Layout of an event frame's payload. Every topic shares the event ring; the topic travels in the frame.
 * The ring frame's {@code frameKind} tells the layout apart: {@link #FRAME_KIND} (written by this version)
 * carries a header block, {@link #FRAME_KIND_V1} (written before header blocks existed) does not. Readers
 * accept both; the ring frame's version is the timestamp in both.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Topic Length          |        Payload Length         |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Timestamp (epoch ms)                      |  4
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        Headers Length         |     Flags     |       R       | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Header Entries ...                       ... 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Topic (UTF-8) ...                     ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Payload ...                        ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * All fields are little-endian: topic length (u16), payload length (u16), timestamp (u64), headers length
 * (u16), flags (u8), a reserved byte, then {@code headersLength} bytes of header entries, the topic bytes
 * and the payload bytes. The fixed header is {@value #HEADER_LENGTH} bytes; an event without headers costs
 * nothing more. A {@link #FRAME_KIND_V1} frame has only the first {@value #V1_HEADER_LENGTH} bytes of the
 * header (no headers length, no flags) and the topic at offset 12.
 * <p>
 * Each header entry is a type, a length and a value of that length:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |    Length     |          Value ...           ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * <ul>
 *   <li>{@link #ORIGIN}: the host the event was published on: host epoch (u64), the event's NetId64 on that
 *   host (u64), then the host id (UTF-8, 1..{@value #MAX_HOST_ID_LENGTH} bytes).</li>
 *   <li>{@link #STREAM_ID}: the event's position in the stream that carried it between hosts: milliseconds
 *   (u64) and sequence (u64), as a Redis stream id {@code ms-seq}.</li>
 *   <li>{@link #TRACEPARENT}, {@link #TRACESTATE}, {@link #CONTENT_TYPE}: printable ASCII, 1..255 bytes
 *   (W3C trace context and a media type).</li>
 *   <li>{@link #EXCEPTION_CLASS}, {@link #EXCEPTION_MESSAGE}: printable ASCII, 1..255 bytes: why a listener gave
 *   up on the event, on an event published on a dead-letter topic. Written by this version, but not checked by
 *   {@link #isWellFormed} (like any later type, so that readers of every version judge a frame alike); a reader
 *   takes them as text.</li>
 *   <li>{@link #STREAM_NUMBER}: the stream's epoch (u64) and the event's number (u64) among its origin host's
 *   entries in that epoch, numbered 1, 2, 3, ..., so a bridge that resumes can count what it never saw.</li>
 *   <li>Any other non-zero type: skipped by readers, so a later version may add entries.</li>
 * </ul>
 * Flag {@link #FLAG_REMOTE} marks an event that a bridge brought in from another host: it must carry
 * {@link #ORIGIN} and {@link #STREAM_ID}, and is never forwarded again.
 * <p>
 * A frame is well formed only when its frame kind is {@link #FRAME_KIND} or {@link #FRAME_KIND_V1}, it holds
 * at least its fixed header, the topic is 1..{@value #MAX_TOPIC_LENGTH} bytes of valid UTF-8, the header
 * entries exactly fill the headers length, no known entry appears twice or with a bad value, a remote frame
 * carries its origin and stream id, and header plus entries plus topic plus payload is exactly the frame
 * length. {@link #isWellFormed} decides that without ever throwing; every accessor may be used only on a
 * frame it accepted.
 */
public final class EventFrameDescriptor {

    /** Frame kind of an event with a header block: the layout this version writes. */
    public static final int FRAME_KIND = 2;

    /** Frame kind of an event written before header blocks existed; still read. */
    public static final int FRAME_KIND_V1 = 1;

    /** Offset of the topic length (u16). */
    public static final int TOPIC_LENGTH_OFFSET = 0;

    /** Offset of the payload length (u16). */
    public static final int PAYLOAD_LENGTH_OFFSET = TOPIC_LENGTH_OFFSET + SIZE_OF_SHORT;

    /** Offset of the publisher's timestamp in epoch milliseconds (u64). */
    public static final int TIMESTAMP_OFFSET = PAYLOAD_LENGTH_OFFSET + SIZE_OF_SHORT;

    /** Length of a {@link #FRAME_KIND_V1} header; its topic starts here. */
    public static final int V1_HEADER_LENGTH = TIMESTAMP_OFFSET + SIZE_OF_LONG;

    /** Offset of the headers length (u16). */
    public static final int HEADERS_LENGTH_OFFSET = V1_HEADER_LENGTH;

    /** Offset of the flags (u8). */
    public static final int FLAGS_OFFSET = HEADERS_LENGTH_OFFSET + SIZE_OF_SHORT;

    /** Offset of the reserved byte (0). */
    public static final int RESERVED_OFFSET = FLAGS_OFFSET + SIZE_OF_BYTE;

    /** Length of the fixed header of a {@link #FRAME_KIND} frame; the header entries start here. */
    public static final int HEADER_LENGTH = RESERVED_OFFSET + SIZE_OF_BYTE;

    /** Offset of the first header entry. */
    public static final int HEADERS_OFFSET = HEADER_LENGTH;

    /** Length of an entry's type and length. */
    public static final int ENTRY_HEADER_LENGTH = SIZE_OF_BYTE + SIZE_OF_BYTE;

    /** Longest value of one header entry. */
    public static final int MAX_ENTRY_LENGTH = 0xFF;

    /** Flag: brought in from another host by a bridge; never forwarded again. */
    public static final int FLAG_REMOTE = 1;

    /** Entry type: origin host epoch (u64), origin NetId64 (u64), host id (UTF-8). */
    public static final int ORIGIN = 1;

    /** Entry type: stream id milliseconds (u64) and sequence (u64). */
    public static final int STREAM_ID = 2;

    /** Entry type: W3C {@code traceparent}, printable ASCII. */
    public static final int TRACEPARENT = 3;

    /** Entry type: W3C {@code tracestate}, printable ASCII. */
    public static final int TRACESTATE = 4;

    /** Entry type: the payload's media type, printable ASCII. */
    public static final int CONTENT_TYPE = 5;

    /** Entry type: stream epoch (u64) and the event's number among its origin host's entries in that epoch (u64). */
    public static final int STREAM_NUMBER = 6;

    /** Entry type: class name of the exception a listener failed with, on a dead-lettered event; printable ASCII. */
    public static final int EXCEPTION_CLASS = 7;

    /** Entry type: message of the exception a listener failed with, on a dead-lettered event; printable ASCII. */
    public static final int EXCEPTION_MESSAGE = 8;

    /** Length of a {@link #STREAM_NUMBER} value. */
    public static final int STREAM_NUMBER_LENGTH = SIZE_OF_LONG + SIZE_OF_LONG;

    /** Length of an {@link #ORIGIN} value before the host id. */
    public static final int ORIGIN_FIXED_LENGTH = SIZE_OF_LONG + SIZE_OF_LONG;

    /** Length of a {@link #STREAM_ID} value. */
    public static final int STREAM_ID_LENGTH = SIZE_OF_LONG + SIZE_OF_LONG;

    /** Longest host id in UTF-8 bytes. */
    public static final int MAX_HOST_ID_LENGTH = 64;

    /** Longest topic in UTF-8 bytes. */
    public static final int MAX_TOPIC_LENGTH = 255;

    /** Largest payload the u16 length field can carry. */
    public static final int MAX_PAYLOAD_LENGTH = 0xFFFF;

    /** The high bit of each byte of a word: zero for eight ASCII bytes. */
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

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
        if ((frameKind != FRAME_KIND && frameKind != FRAME_KIND_V1) || buffer == null || offset < 0 ||
            length < fixedHeaderLength(frameKind) || offset > buffer.limit() - length) {
            return false;
        }
        final int topicLength = topicLength(buffer, offset);
        if (topicLength < 1 || topicLength > MAX_TOPIC_LENGTH) {
            return false;
        }
        final int headersLength = headersLength(frameKind, buffer, offset);
        if (fixedHeaderLength(frameKind) + headersLength + topicLength + payloadLength(buffer, offset) != length) {
            return false;
        }
        if (frameKind == FRAME_KIND &&
            !entriesWellFormed(buffer, offset + HEADERS_OFFSET, headersLength, flags(frameKind, buffer, offset))) {
            return false;
        }
        return isValidUtf8(buffer, topicOffset(frameKind, buffer, offset), topicLength);
    }

    private static boolean entriesWellFormed(final ByteBuffer buffer, final int start, final int length, final int flags) {
        final int end = start + length;
        int seen = 0;
        int at = start;
        while (at < end) {
            if (end - at < ENTRY_HEADER_LENGTH) {
                return false;
            }
            final int type = buffer.get(at) & 0xFF;
            final int valueLength = buffer.get(at + 1) & 0xFF;
            final int value = at + ENTRY_HEADER_LENGTH;
            if (type == 0 || valueLength > end - value) {
                return false;
            }
            if (type <= STREAM_NUMBER) {
                if ((seen & (1 << type)) != 0 || !entryValueWellFormed(type, buffer, value, valueLength)) {
                    return false;
                }
                seen |= 1 << type;
            }
            at = value + valueLength;
        }
        final int remoteNeeds = (1 << ORIGIN) | (1 << STREAM_ID);
        return (flags & FLAG_REMOTE) == 0 || (seen & remoteNeeds) == remoteNeeds;
    }

    private static boolean entryValueWellFormed(final int type, final ByteBuffer buffer, final int value, final int length) {
        switch (type) {
            case ORIGIN:
                final int hostLength = length - ORIGIN_FIXED_LENGTH;
                return hostLength >= 1 && hostLength <= MAX_HOST_ID_LENGTH &&
                    isValidUtf8(buffer, value + ORIGIN_FIXED_LENGTH, hostLength);
            case STREAM_ID:
                return length == STREAM_ID_LENGTH;
            case STREAM_NUMBER:
                return length == STREAM_NUMBER_LENGTH;
            default:
                return length >= 1 && isPrintableAscii(buffer, value, length);
        }
    }

    private static int fixedHeaderLength(final int frameKind) {
        return frameKind == FRAME_KIND_V1 ? V1_HEADER_LENGTH : HEADER_LENGTH;
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
     * @param frameKind the ring frame's kind.
     * @param buffer    holds a well formed frame.
     * @param offset    payload offset.
     * @return the length of the header entries (0 for a {@link #FRAME_KIND_V1} frame).
     */
    public static int headersLength(final int frameKind, final ByteBuffer buffer, final int offset) {
        return frameKind == FRAME_KIND ? BufferAccess.getShort(buffer, offset + HEADERS_LENGTH_OFFSET) & 0xFFFF : 0;
    }

    /**
     * @param frameKind the ring frame's kind.
     * @param buffer    holds a well formed frame.
     * @param offset    payload offset.
     * @return the flags (0 for a {@link #FRAME_KIND_V1} frame).
     */
    public static int flags(final int frameKind, final ByteBuffer buffer, final int offset) {
        return frameKind == FRAME_KIND ? buffer.get(offset + FLAGS_OFFSET) & 0xFF : 0;
    }

    /**
     * @param frameKind the ring frame's kind.
     * @param buffer    holds a well formed frame.
     * @param offset    payload offset.
     * @return true when a bridge brought the event in from another host.
     */
    public static boolean isRemote(final int frameKind, final ByteBuffer buffer, final int offset) {
        return (flags(frameKind, buffer, offset) & FLAG_REMOTE) != 0;
    }

    /**
     * @param frameKind the ring frame's kind.
     * @param buffer    holds a well formed frame.
     * @param offset    payload offset.
     * @return offset of the topic.
     */
    public static int topicOffset(final int frameKind, final ByteBuffer buffer, final int offset) {
        return offset + fixedHeaderLength(frameKind) + headersLength(frameKind, buffer, offset);
    }

    /**
     * @param frameKind the ring frame's kind.
     * @param buffer    holds a well formed frame.
     * @param offset    payload offset.
     * @return offset of the event payload.
     */
    public static int payloadOffset(final int frameKind, final ByteBuffer buffer, final int offset) {
        return topicOffset(frameKind, buffer, offset) + topicLength(buffer, offset);
    }

    /**
     * Finds a header entry of a well formed frame.
     *
     * @param frameKind the ring frame's kind.
     * @param buffer    holds a well formed frame.
     * @param offset    payload offset.
     * @param type      entry type.
     * @return offset of the entry's value, -1 when the frame has no such entry; its length is
     *     {@link #entryLength(ByteBuffer, int)}.
     */
    public static int findEntry(final int frameKind, final ByteBuffer buffer, final int offset, final int type) {
        if (frameKind != FRAME_KIND) {
            return -1;
        }
        final int end = offset + HEADERS_OFFSET + headersLength(frameKind, buffer, offset);
        int at = offset + HEADERS_OFFSET;
        while (at < end) {
            final int valueLength = buffer.get(at + 1) & 0xFF;
            if ((buffer.get(at) & 0xFF) == type) {
                return at + ENTRY_HEADER_LENGTH;
            }
            at += ENTRY_HEADER_LENGTH + valueLength;
        }
        return -1;
    }

    /**
     * @param buffer      holds a well formed frame.
     * @param valueOffset an entry's value offset from {@link #findEntry}.
     * @return the entry's value length.
     */
    public static int entryLength(final ByteBuffer buffer, final int valueOffset) {
        return buffer.get(valueOffset - 1) & 0xFF;
    }

    /**
     * @param buffer      holds a well formed frame.
     * @param valueOffset an {@link #ORIGIN} or {@link #STREAM_ID} value offset.
     * @param index       0 for the first u64 of the value, 1 for the second.
     * @return that u64.
     */
    public static long entryLong(final ByteBuffer buffer, final int valueOffset, final int index) {
        return BufferAccess.getLong(buffer, valueOffset + index * SIZE_OF_LONG);
    }

    /**
     * Decodes the header entries of a well formed frame into a value (allocates).
     *
     * @param frameKind the ring frame's kind.
     * @param buffer    holds a well formed frame.
     * @param offset    payload offset.
     * @return the headers, {@link EventHeaders#NONE} when there are none.
     */
    public static EventHeaders decodeHeaders(final int frameKind, final ByteBuffer buffer, final int offset) {
        if (headersLength(frameKind, buffer, offset) == 0) {
            return EventHeaders.NONE;
        }
        final int origin = findEntry(frameKind, buffer, offset, ORIGIN);
        final int stream = findEntry(frameKind, buffer, offset, STREAM_ID);
        EventOrigin eventOrigin = null;
        if (origin >= 0) {
            final int hostLength = entryLength(buffer, origin) - ORIGIN_FIXED_LENGTH;
            eventOrigin = new EventOrigin(
                string(buffer, origin + ORIGIN_FIXED_LENGTH, hostLength),
                entryLong(buffer, origin, 0),
                entryLong(buffer, origin, 1),
                stream >= 0 ? entryLong(buffer, stream, 0) : 0,
                stream >= 0 ? entryLong(buffer, stream, 1) : 0);
        }
        return new EventHeaders(
            text(frameKind, buffer, offset, TRACEPARENT),
            text(frameKind, buffer, offset, TRACESTATE),
            text(frameKind, buffer, offset, CONTENT_TYPE),
            text(frameKind, buffer, offset, EXCEPTION_CLASS),
            text(frameKind, buffer, offset, EXCEPTION_MESSAGE),
            eventOrigin);
    }

    private static String text(final int frameKind, final ByteBuffer buffer, final int offset, final int type) {
        final int value = findEntry(frameKind, buffer, offset, type);
        return value < 0 ? null : string(buffer, value, entryLength(buffer, value));
    }

    private static String string(final ByteBuffer buffer, final int offset, final int length) {
        final byte[] bytes = new byte[length];
        buffer.get(offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * @param headersLength length of the header entries.
     * @param topicLength   topic length.
     * @param payloadLength event payload length.
     * @return frame length of such a {@link #FRAME_KIND} event.
     */
    public static int frameLength(final int headersLength, final int topicLength, final int payloadLength) {
        return HEADER_LENGTH + headersLength + topicLength + payloadLength;
    }

    /**
     * @param headers user headers (trace context, content type).
     * @param origin  the origin to record, or null for an event published on this host.
     * @return bytes the header entries of such an event take.
     */
    public static int headersLength(final EventHeaders headers, final EventOrigin origin) {
        int length = 0;
        length += textEntryLength(headers.traceparentOrNull());
        length += textEntryLength(headers.tracestateOrNull());
        length += textEntryLength(headers.contentTypeOrNull());
        length += textEntryLength(headers.exceptionClassOrNull());
        length += textEntryLength(headers.exceptionMessageOrNull());
        if (origin != null) {
            length += ENTRY_HEADER_LENGTH + ORIGIN_FIXED_LENGTH + origin.hostId().getBytes(StandardCharsets.UTF_8).length;
            length += ENTRY_HEADER_LENGTH + STREAM_ID_LENGTH;
        }
        return length;
    }

    private static int textEntryLength(final String value) {
        return value == null ? 0 : ENTRY_HEADER_LENGTH + value.length();
    }

    /**
     * Writes a {@link #FRAME_KIND} header and its entries; the caller writes the topic at
     * {@link #topicOffset} and the payload at {@link #payloadOffset}.
     *
     * @param buffer        destination (its byte order is ignored: fields are little-endian).
     * @param offset        payload offset.
     * @param topicLength   topic length, 1..{@link #MAX_TOPIC_LENGTH}.
     * @param payloadLength event payload length, at most {@link #MAX_PAYLOAD_LENGTH}.
     * @param timestampMs   epoch milliseconds.
     * @param headers       user headers, {@link EventHeaders#NONE} for none.
     * @param origin        the origin of a remote event (sets {@link #FLAG_REMOTE}), or null.
     * @return the headers length written.
     */
    public static int writeHeader(
        final ByteBuffer buffer,
        final int offset,
        final int topicLength,
        final int payloadLength,
        final long timestampMs,
        final EventHeaders headers,
        final EventOrigin origin) {
        int at = offset + HEADERS_OFFSET;
        at = putText(buffer, at, TRACEPARENT, headers.traceparentOrNull());
        at = putText(buffer, at, TRACESTATE, headers.tracestateOrNull());
        at = putText(buffer, at, CONTENT_TYPE, headers.contentTypeOrNull());
        at = putText(buffer, at, EXCEPTION_CLASS, headers.exceptionClassOrNull());
        at = putText(buffer, at, EXCEPTION_MESSAGE, headers.exceptionMessageOrNull());
        if (origin != null) {
            final byte[] host = origin.hostId().getBytes(StandardCharsets.UTF_8);
            buffer.put(at, (byte)ORIGIN).put(at + 1, (byte)(ORIGIN_FIXED_LENGTH + host.length));
            BufferAccess.putLong(buffer, at + ENTRY_HEADER_LENGTH, origin.hostEpoch());
            BufferAccess.putLong(buffer, at + ENTRY_HEADER_LENGTH + SIZE_OF_LONG, origin.originId());
            buffer.put(at + ENTRY_HEADER_LENGTH + ORIGIN_FIXED_LENGTH, host);
            at += ENTRY_HEADER_LENGTH + ORIGIN_FIXED_LENGTH + host.length;
            buffer.put(at, (byte)STREAM_ID).put(at + 1, (byte)STREAM_ID_LENGTH);
            BufferAccess.putLong(buffer, at + ENTRY_HEADER_LENGTH, origin.streamMs());
            BufferAccess.putLong(buffer, at + ENTRY_HEADER_LENGTH + SIZE_OF_LONG, origin.streamSeq());
            at += ENTRY_HEADER_LENGTH + STREAM_ID_LENGTH;
        }
        final int headersLength = at - offset - HEADERS_OFFSET;
        BufferAccess.putShort(buffer, offset + TOPIC_LENGTH_OFFSET, (short)topicLength);
        BufferAccess.putShort(buffer, offset + PAYLOAD_LENGTH_OFFSET, (short)payloadLength);
        BufferAccess.putLong(buffer, offset + TIMESTAMP_OFFSET, timestampMs);
        BufferAccess.putShort(buffer, offset + HEADERS_LENGTH_OFFSET, (short)headersLength);
        buffer.put(offset + FLAGS_OFFSET, (byte)(origin != null ? FLAG_REMOTE : 0));
        buffer.put(offset + RESERVED_OFFSET, (byte)0);
        return headersLength;
    }

    private static int putText(final ByteBuffer buffer, final int at, final int type, final String value) {
        if (value == null) {
            return at;
        }
        final int length = value.length();
        buffer.put(at, (byte)type).put(at + 1, (byte)length);
        for (int i = 0; i < length; i++) {
            buffer.put(at + ENTRY_HEADER_LENGTH + i, (byte)value.charAt(i));
        }
        return at + ENTRY_HEADER_LENGTH + length;
    }

    /**
     * Writes the fixed header of a {@link #FRAME_KIND} frame whose header entries the caller writes (with
     * {@link #putEntry} and friends) from {@link #HEADERS_OFFSET}.
     *
     * @param buffer        destination.
     * @param offset        payload offset.
     * @param topicLength   topic length.
     * @param payloadLength event payload length.
     * @param timestampMs   epoch milliseconds.
     * @param headersLength length of the header entries.
     * @param flags         flags, e.g. {@link #FLAG_REMOTE}.
     */
    public static void writeFixedHeader(
        final ByteBuffer buffer,
        final int offset,
        final int topicLength,
        final int payloadLength,
        final long timestampMs,
        final int headersLength,
        final int flags) {
        BufferAccess.putShort(buffer, offset + TOPIC_LENGTH_OFFSET, (short)topicLength);
        BufferAccess.putShort(buffer, offset + PAYLOAD_LENGTH_OFFSET, (short)payloadLength);
        BufferAccess.putLong(buffer, offset + TIMESTAMP_OFFSET, timestampMs);
        BufferAccess.putShort(buffer, offset + HEADERS_LENGTH_OFFSET, (short)headersLength);
        buffer.put(offset + FLAGS_OFFSET, (byte)flags);
        buffer.put(offset + RESERVED_OFFSET, (byte)0);
    }

    /**
     * Writes one header entry.
     *
     * @param buffer destination.
     * @param at     where the entry starts.
     * @param type   entry type, 1..255.
     * @param value  value bytes, at most {@link #MAX_ENTRY_LENGTH}.
     * @return where the next entry starts.
     */
    public static int putEntry(final ByteBuffer buffer, final int at, final int type, final byte[] value) {
        buffer.put(at, (byte)type).put(at + 1, (byte)value.length).put(at + ENTRY_HEADER_LENGTH, value);
        return at + ENTRY_HEADER_LENGTH + value.length;
    }

    /**
     * Writes an entry whose value is two u64s ({@link #STREAM_ID}, {@link #STREAM_NUMBER}).
     *
     * @param buffer destination.
     * @param at     where the entry starts.
     * @param type   entry type.
     * @param first  the first u64.
     * @param second the second u64.
     * @return where the next entry starts.
     */
    public static int putLongPair(final ByteBuffer buffer, final int at, final int type, final long first, final long second) {
        buffer.put(at, (byte)type).put(at + 1, (byte)(SIZE_OF_LONG + SIZE_OF_LONG));
        BufferAccess.putLong(buffer, at + ENTRY_HEADER_LENGTH, first);
        BufferAccess.putLong(buffer, at + ENTRY_HEADER_LENGTH + SIZE_OF_LONG, second);
        return at + ENTRY_HEADER_LENGTH + SIZE_OF_LONG + SIZE_OF_LONG;
    }

    /**
     * Writes an {@link #ORIGIN} entry.
     *
     * @param buffer    destination.
     * @param at        where the entry starts.
     * @param hostEpoch the origin host's epoch.
     * @param originId  the event's NetId64 on the origin host.
     * @param hostId    the origin host's id, UTF-8, 1..{@link #MAX_HOST_ID_LENGTH} bytes.
     * @return where the next entry starts.
     */
    public static int putOrigin(
        final ByteBuffer buffer, final int at, final long hostEpoch, final long originId, final byte[] hostId) {
        buffer.put(at, (byte)ORIGIN).put(at + 1, (byte)(ORIGIN_FIXED_LENGTH + hostId.length));
        BufferAccess.putLong(buffer, at + ENTRY_HEADER_LENGTH, hostEpoch);
        BufferAccess.putLong(buffer, at + ENTRY_HEADER_LENGTH + SIZE_OF_LONG, originId);
        buffer.put(at + ENTRY_HEADER_LENGTH + ORIGIN_FIXED_LENGTH, hostId);
        return at + ENTRY_HEADER_LENGTH + ORIGIN_FIXED_LENGTH + hostId.length;
    }

    /**
     * Writes a {@link #FRAME_KIND_V1} header, the layout of frames written before header blocks existed; the
     * topic follows at {@code offset + }{@value #V1_HEADER_LENGTH}. Kept so that tests and tools can write
     * such frames.
     *
     * @param buffer        destination.
     * @param offset        payload offset.
     * @param topicLength   topic length.
     * @param payloadLength event payload length.
     * @param timestampMs   epoch milliseconds.
     */
    public static void writeV1Header(
        final ByteBuffer buffer, final int offset, final int topicLength, final int payloadLength, final long timestampMs) {
        BufferAccess.putShort(buffer, offset + TOPIC_LENGTH_OFFSET, (short)topicLength);
        BufferAccess.putShort(buffer, offset + PAYLOAD_LENGTH_OFFSET, (short)payloadLength);
        BufferAccess.putLong(buffer, offset + TIMESTAMP_OFFSET, timestampMs);
    }

    /**
     * @param buffer holds the bytes; the range must lie within its limit.
     * @param offset first byte.
     * @param length number of bytes.
     * @return true when every byte is printable ASCII (0x20..0x7E).
     */
    static boolean isPrintableAscii(final ByteBuffer buffer, final int offset, final int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            final byte b = buffer.get(i);
            if (b < 0x20 || b > 0x7E) {
                return false;
            }
        }
        return true;
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
            if (end - i >= SIZE_OF_LONG && (BufferAccess.getLong(buffer, i) & HIGH_BITS) == 0) {
                i += SIZE_OF_LONG; // eight ASCII bytes: topics are mostly ASCII, checked a word at a time
                continue;
            }
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
