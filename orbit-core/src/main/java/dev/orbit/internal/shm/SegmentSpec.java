package dev.orbit.internal.shm;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import dev.orbit.shm.SegmentDescriptor;
import dev.orbit.shm.SegmentException;

/**
 * Describes one kind of segment: its exact length, how to initialise a new one and how to validate an existing one.
 * <p>
 * {@link MappedSegment} owns the common header ({@link SegmentDescriptor}, bytes
 * {@code [0, TYPE_HEADER_OFFSET)}); a spec owns everything from {@link SegmentDescriptor#TYPE_HEADER_OFFSET} on.
 * Buffers handed to a spec are little-endian views of the whole file; use absolute (index-based) access.
 */
public interface SegmentSpec
{
    /**
     * A one-line description used in messages, e.g. {@code "ring kind=7 capacity=1024 payloadCapacity=256"}.
     *
     * @return the description.
     */
    String describe();

    /**
     * The exact file size in bytes, at least {@link SegmentDescriptor#HEADER_LENGTH} and at most
     * {@link Integer#MAX_VALUE} (a segment is one mapped buffer).
     *
     * @return the file length.
     */
    long length();

    /**
     * Distinguishes the kinds of segment (ring, members, claims, ...); stored in the common header and checked on
     * attach.
     *
     * @return the type tag.
     */
    int typeTag();

    /**
     * Writes the type-specific header fields of a new segment.
     * <p>
     * Called on the zero-filled, mapped, little-endian buffer after the common header fields are written and before
     * the magic is published, while the creator holds the segment's lock: no other process reads the segment yet.
     * Must not write the common header. Throwing here deletes the new file.
     *
     * @param buffer the whole file.
     */
    void initialise(ByteBuffer buffer);

    /**
     * Checks the type-specific header of an existing segment.
     * <p>
     * Called after the common header checked out (magic, format version, type tag, length). Must not write.
     *
     * @param buffer the whole file (read-only when attached with {@link MappedSegment#attachReadOnly}).
     * @param file   the segment file, to name in messages.
     * @throws SegmentException naming the file and every expected and found value, e.g. via
     *                          {@link SegmentException#refusing(Path, String)}.
     */
    void validate(ByteBuffer buffer, Path file);
}
