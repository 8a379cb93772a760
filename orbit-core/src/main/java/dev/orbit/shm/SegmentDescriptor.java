package dev.orbit.shm;

import static org.agrona.BitUtil.CACHE_LINE_LENGTH;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * Layout of the common header every segment file starts with. All fields are little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Magic ('O' 'R' 'B' 'T')                     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Format Version                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Type Tag                            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Header Length                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                            Length                             |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Created At                           |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Creator PID                          |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Type-specific header (24 bytes)                 ...
 * ...                                                              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Type-specific data, as the spec decides         ...
 * ...                                                              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The creator writes every other field first and the magic last, with a release store; readers load the magic
 * with an acquire load before trusting any other field. The type-specific header and data belong to the
 * {@code SegmentSpec}.
 */
public final class SegmentDescriptor
{
    /**
     * Offset of the magic, an int written last: {@link #MAGIC} once the segment is published.
     */
    public static final int MAGIC_OFFSET = 0;

    /**
     * Offset of the format version, an int: {@link #FORMAT_VERSION}.
     */
    public static final int FORMAT_VERSION_OFFSET = MAGIC_OFFSET + SIZE_OF_INT;

    /**
     * Offset of the type tag, an int: which kind of segment this is (see {@code SegmentSpec.typeTag()}).
     */
    public static final int TYPE_TAG_OFFSET = FORMAT_VERSION_OFFSET + SIZE_OF_INT;

    /**
     * Offset of the header length, an int: {@link #HEADER_LENGTH}, where a spec's data may start at the earliest.
     */
    public static final int HEADER_LENGTH_OFFSET = TYPE_TAG_OFFSET + SIZE_OF_INT;

    /**
     * Offset of the length, a long: the file length the segment was created with.
     */
    public static final int LENGTH_OFFSET = HEADER_LENGTH_OFFSET + SIZE_OF_INT;

    /**
     * Offset of the creation time, a long: milliseconds since the epoch.
     */
    public static final int CREATED_AT_OFFSET = LENGTH_OFFSET + SIZE_OF_LONG;

    /**
     * Offset of the creator's process id, a long.
     */
    public static final int CREATOR_PID_OFFSET = CREATED_AT_OFFSET + SIZE_OF_LONG;

    /**
     * Offset of the type-specific header, the first byte a {@code SegmentSpec} may write.
     */
    public static final int TYPE_HEADER_OFFSET = CREATOR_PID_OFFSET + SIZE_OF_LONG;

    /**
     * Length of the whole header: common fields plus the type-specific header.
     */
    public static final int HEADER_LENGTH = CACHE_LINE_LENGTH;

    /**
     * Length of the type-specific header within {@link #HEADER_LENGTH}; specs may put more fields after it.
     */
    public static final int TYPE_HEADER_LENGTH = HEADER_LENGTH - TYPE_HEADER_OFFSET;

    /**
     * The magic: the bytes {@code 'O' 'R' 'B' 'T'} read as a little-endian int.
     */
    public static final int MAGIC = 'O' | 'R' << 8 | 'B' << 16 | 'T' << 24;

    /**
     * The format version this library writes and accepts.
     */
    public static final int FORMAT_VERSION = 1;

    private SegmentDescriptor()
    {
    }
}
