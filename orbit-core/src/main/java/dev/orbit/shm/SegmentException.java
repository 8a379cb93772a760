package dev.orbit.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A segment file could not be created, attached or read.
 * <p>
 * Messages name the file and every value involved as {@code name=value}, and where there is one, the fix.
 */
public class SegmentException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message what failed, naming the file and the values involved.
     */
    public SegmentException(final String message)
    {
        super(message);
    }

    /**
     * An exception with the given message and cause.
     *
     * @param message what failed, naming the file and the values involved.
     * @param cause   the underlying failure.
     */
    public SegmentException(final String message, final Throwable cause)
    {
        super(message, cause);
    }

    /**
     * The exception for an existing segment that is refused, worded like every other refusal:
     * {@code "refusing segment <file>: <detail>"}.
     * {@code SegmentSpec.validate} implementations use it so their messages read like the common checks.
     *
     * @param file   the segment file.
     * @param detail the found and expected values as {@code name=value}, and the fix if there is one.
     * @return the exception, for the caller to throw.
     */
    public static SegmentException refusing(final Path file, final String detail)
    {
        return new SegmentException("refusing segment " + file + ": " + detail);
    }

    /**
     * The exception for a mapped segment whose memory faulted while this process used it: its file was truncated
     * (or replaced and truncated) under the live mapping, so the pages beyond the new end are gone. The JVM reports
     * such a fault as an {@link InternalError}; callers catch it where they touch the mapping and throw this instead,
     * naming the file, its size now and the length it must have.
     *
     * @param file           the segment file, or null for memory that is not a file. The fault is rethrown as it is
     *                       when there is no file or the file still has its full length.
     * @param expectedLength the length the segment was mapped with.
     * @param fault          the fault the JVM reported.
     * @return the exception, for the caller to throw.
     */
    public static RuntimeException truncated(final Path file, final long expectedLength, final InternalError fault)
    {
        if (null == file)
        {
            throw fault;
        }
        String size;
        try
        {
            final long found = Files.size(file);
            if (found == expectedLength)
            {
                throw fault;
            }
            size = Long.toString(found);
        }
        catch (final IOException | RuntimeException ex)
        {
            size = "unknown (" + ex + ")";
        }
        return new SegmentException("segment " + file + " faulted while mapped: size=" + size + ", expected length=" +
            expectedLength + " (the file was truncated or replaced under this process, so its shared memory is " +
            "gone; stop the fleet's processes, remove its segments with unlink, and start them again)", fault);
    }
}
