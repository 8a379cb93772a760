package dev.orbit.shm;

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
     * {@link SegmentSpec#validate} implementations use it so their messages read like the common checks.
     *
     * @param file   the segment file.
     * @param detail the found and expected values as {@code name=value}, and the fix if there is one.
     * @return the exception, for the caller to throw.
     */
    public static SegmentException refusing(final Path file, final String detail)
    {
        return new SegmentException("refusing segment " + file + ": " + detail);
    }
}
