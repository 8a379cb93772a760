package dev.orbit.internal.shm;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import dev.orbit.shm.SegmentDescriptor;
import dev.orbit.shm.SegmentException;

/**
 * A segment with one type-specific field, {@code capacity}, written on creation and compared on attach.
 */
record TestSegmentSpec(int typeTag, long length, int capacity) implements SegmentSpec
{
    static final int TYPE_TAG = 42;
    static final int LENGTH = 4096;
    static final int CAPACITY = 16;
    static final int CAPACITY_OFFSET = SegmentDescriptor.TYPE_HEADER_OFFSET;

    static TestSegmentSpec standard()
    {
        return new TestSegmentSpec(TYPE_TAG, LENGTH, CAPACITY);
    }

    public String describe()
    {
        return "test typeTag=" + typeTag + " length=" + length + " capacity=" + capacity;
    }

    public void initialise(final ByteBuffer buffer)
    {
        buffer.putInt(CAPACITY_OFFSET, capacity);
    }

    public void validate(final ByteBuffer buffer, final Path file)
    {
        final int found = buffer.getInt(CAPACITY_OFFSET);
        if (found != capacity)
        {
            throw SegmentException.refusing(file, "capacity=" + found + ", expected capacity=" + capacity);
        }
    }
}
