package dev.orbit.cache;

import java.nio.ByteBuffer;

import dev.orbit.internal.memory.BufferAccess;

import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * Layout of a cache frame's payload. Every put, delete and prefix reset is one frame on the cache's ring;
 * the op is also the ring frame's {@code frameKind}, and a frame whose two disagree is malformed.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Op       |          Key Length           | Value Length  |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  (Value Len)  |     Expires At (epoch ms, 0 = never) ...      |  4
 *  +-+-+-+-+-+-+-+-+                                               +
 *  |                                                               |  8
 *  +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               |                 Key ...                      ... 13
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               Value ...                      ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * All fields are little-endian and unaligned: op (u8), key length (u16), value length (u16), expiry
 * (u64), then the key bytes, then the value bytes. The header is {@value #HEADER_LENGTH} bytes.
 * <ul>
 *   <li>{@link #PUT}: key and value; expiry in epoch milliseconds, 0 for never.</li>
 *   <li>{@link #DELETE}: key, no value, expiry 0.</li>
 *   <li>{@link #RESET_PREFIX}: the key field holds the prefix (empty = the whole cache), no value,
 *   expiry 0.</li>
 *   <li>{@link #VERSIONED_PUT}, {@link #VERSIONED_DELETE}, {@link #VERSIONED_CLEAR}: the same, for a near cache
 *   whose entries are ordered by an outside version (see {@code dev.orbit.internal.VersionedCache}): the ring
 *   frame's version field holds that version; a VERSIONED_CLEAR has an empty key.</li>
 * </ul>
 * The ring frame's version field holds the expiry for the first three ops (as the header does).
 * A frame is well formed only when it holds at least the header, its op is one of the six and equals
 * the frame kind, header plus key plus value is exactly the frame length, only a PUT or VERSIONED_PUT
 * carries a value, and a VERSIONED_CLEAR carries no key. {@link #isWellFormed} decides that without ever throwing; every accessor may be used
 * only on a frame it accepted.
 */
public final class CacheFrameDescriptor {

    /** Op and frame kind of a put. */
    public static final int PUT = 1;

    /** Op and frame kind of a delete. */
    public static final int DELETE = 2;

    /** Op and frame kind of a prefix reset; the key field holds the prefix. */
    public static final int RESET_PREFIX = 3;

    /** Op and frame kind of a put ordered by the version in the ring frame's version field. */
    public static final int VERSIONED_PUT = 4;

    /** Op and frame kind of a versioned tombstone. */
    public static final int VERSIONED_DELETE = 5;

    /** Op and frame kind of a versioned clear of the whole cache (empty key). */
    public static final int VERSIONED_CLEAR = 6;

    /** Offset of the op (u8). */
    public static final int OP_OFFSET = 0;

    /** Offset of the key length (u16). */
    public static final int KEY_LENGTH_OFFSET = OP_OFFSET + SIZE_OF_BYTE;

    /** Offset of the value length (u16). */
    public static final int VALUE_LENGTH_OFFSET = KEY_LENGTH_OFFSET + SIZE_OF_SHORT;

    /** Offset of the expiry in epoch milliseconds (u64), 0 for never. */
    public static final int EXPIRES_AT_OFFSET = VALUE_LENGTH_OFFSET + SIZE_OF_SHORT;

    /** Length of the header; the key starts here. */
    public static final int HEADER_LENGTH = EXPIRES_AT_OFFSET + SIZE_OF_LONG;

    /** Largest key or value length the u16 length fields can carry. */
    public static final int MAX_FIELD_LENGTH = 0xFFFF;

    private CacheFrameDescriptor() {
    }

    /**
     * Decides whether a frame is a well formed cache frame. Never throws, whatever the arguments.
     *
     * @param frameKind the ring frame's kind.
     * @param buffer    holds the payload.
     * @param offset    payload offset.
     * @param length    payload length.
     * @return true when the payload may be decoded with the accessors of this class.
     */
    public static boolean isWellFormed(final int frameKind, final ByteBuffer buffer, final int offset, final int length) {
        if (buffer == null || offset < 0 || length < HEADER_LENGTH || offset > buffer.limit() - length) {
            return false;
        }
        final int op = op(buffer, offset);
        if (op != frameKind || op < PUT || op > VERSIONED_CLEAR) {
            return false;
        }
        final int valueLength = valueLength(buffer, offset);
        if (op != PUT && op != VERSIONED_PUT && valueLength != 0) {
            return false;
        }
        final int keyLength = keyLength(buffer, offset);
        if (op == VERSIONED_CLEAR && keyLength != 0) {
            return false;
        }
        return HEADER_LENGTH + keyLength + valueLength == length;
    }

    /**
     * @param buffer holds a well formed frame.
     * @param offset payload offset.
     * @return the op.
     */
    public static int op(final ByteBuffer buffer, final int offset) {
        return buffer.get(offset + OP_OFFSET) & 0xFF;
    }

    /**
     * @param buffer holds a well formed frame.
     * @param offset payload offset.
     * @return the key (or prefix) length.
     */
    public static int keyLength(final ByteBuffer buffer, final int offset) {
        return BufferAccess.getShort(buffer, offset + KEY_LENGTH_OFFSET) & 0xFFFF;
    }

    /**
     * @param buffer holds a well formed frame.
     * @param offset payload offset.
     * @return the value length.
     */
    public static int valueLength(final ByteBuffer buffer, final int offset) {
        return BufferAccess.getShort(buffer, offset + VALUE_LENGTH_OFFSET) & 0xFFFF;
    }

    /**
     * @param buffer holds a well formed frame.
     * @param offset payload offset.
     * @return the expiry in epoch milliseconds, 0 for never.
     */
    public static long expiresAt(final ByteBuffer buffer, final int offset) {
        return BufferAccess.getLong(buffer, offset + EXPIRES_AT_OFFSET);
    }

    /**
     * @param offset payload offset.
     * @return offset of the key.
     */
    public static int keyOffset(final int offset) {
        return offset + HEADER_LENGTH;
    }

    /**
     * @param offset    payload offset.
     * @param keyLength key length.
     * @return offset of the value.
     */
    public static int valueOffset(final int offset, final int keyLength) {
        return offset + HEADER_LENGTH + keyLength;
    }

    /**
     * @param keyLength   key length.
     * @param valueLength value length.
     * @return payload length of a frame with that key and value.
     */
    public static int frameLength(final int keyLength, final int valueLength) {
        return HEADER_LENGTH + keyLength + valueLength;
    }

    /**
     * Writes a header; the caller writes the key at {@link #keyOffset} and the value at {@link #valueOffset}.
     *
     * @param buffer      destination (its byte order is ignored: fields are little-endian).
     * @param offset      payload offset.
     * @param op          one of the six ops.
     * @param keyLength   key length, at most {@link #MAX_FIELD_LENGTH}.
     * @param valueLength value length, at most {@link #MAX_FIELD_LENGTH}.
     * @param expiresAt   expiry in epoch milliseconds, 0 for never.
     */
    public static void writeHeader(
        final ByteBuffer buffer,
        final int offset,
        final int op,
        final int keyLength,
        final int valueLength,
        final long expiresAt) {
        buffer.put(offset + OP_OFFSET, (byte)op);
        BufferAccess.putShort(buffer, offset + KEY_LENGTH_OFFSET, (short)keyLength);
        BufferAccess.putShort(buffer, offset + VALUE_LENGTH_OFFSET, (short)valueLength);
        BufferAccess.putLong(buffer, offset + EXPIRES_AT_OFFSET, expiresAt);
    }
}
