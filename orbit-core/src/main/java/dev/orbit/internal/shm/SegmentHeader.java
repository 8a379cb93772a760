package dev.orbit.internal.shm;

import dev.orbit.shm.SegmentDescriptor;

/**
 * The common header fields of a segment file, as read by {@link MappedSegment#readHeader}.
 * <p>
 * The values are raw: nothing has been checked beyond the file itself, so {@code magic} may be zero (a segment
 * being created, or one whose creator died) or anything else.
 *
 * @param magic         the magic, {@link SegmentDescriptor#MAGIC} once the segment is published.
 * @param formatVersion the format version, {@link SegmentDescriptor#FORMAT_VERSION} for this library.
 * @param typeTag       which kind of segment this is (see {@link SegmentSpec#typeTag()}).
 * @param length        the file length the segment was created with.
 */
public record SegmentHeader(int magic, int formatVersion, int typeTag, long length)
{
    /**
     * Whether the creator finished and published the segment: the magic is {@link SegmentDescriptor#MAGIC}.
     *
     * @return true if the magic is present.
     */
    public boolean isPublished()
    {
        return magic == SegmentDescriptor.MAGIC;
    }
}
