package dev.orbit.internal.shm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentException;

/**
 * Creating and opening segment and lock files without following symbolic links.
 */
final class SegmentFiles
{
    /**
     * {@code CREATE_NEW} is {@code O_CREAT | O_EXCL}: it refuses any existing name, a symbolic link included.
     */
    private static final Set<OpenOption> CREATE_NEW_READ_WRITE =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);

    private static final Set<OpenOption> READ_WRITE_NO_FOLLOW =
        Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private static final Set<OpenOption> READ_NO_FOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private static final String GID_ATTRIBUTE = "unix:gid";

    private SegmentFiles()
    {
    }

    /**
     * Creates a file that must not exist yet, never wider than the access mode allows.
     *
     * @param file the file.
     * @param mode its permissions.
     * @return the open channel, or null if the name is taken (by anything: file, directory, link, fifo).
     * @throws IOException if the file cannot be created.
     */
    static FileChannel createNew(final Path file, final AccessMode mode) throws IOException
    {
        try
        {
            return FileChannel.open(file, CREATE_NEW_READ_WRITE, PosixFilePermissions.asFileAttribute(mode.permissions()));
        }
        catch (final FileAlreadyExistsException ignore)
        {
            return null;
        }
    }

    /**
     * Finishes a file made by {@link #createNew}: gives it the expected group in the group modes and the mode's exact
     * permissions (the umask strips bits at creation), then checks it as an attacher will.
     *
     * @param file    the file just created.
     * @param what    {@code "segment"} or {@code "lock file"}, to name in messages.
     * @param options the access mode and expected ids.
     * @return the file's status.
     * @throws IOException      if its attributes cannot be set or read.
     * @throws SegmentException if an attacher with the same options would refuse it.
     */
    static FileStatus secureCreated(final Path file, final String what, final SegmentOptions options)
        throws IOException
    {
        final AccessMode mode = options.mode();
        if (!mode.isPerUser() && FileStatus.read(file).gid() != options.expectedGid())
        {
            Files.setAttribute(file, GID_ATTRIBUTE, options.expectedGid(), LinkOption.NOFOLLOW_LINKS);
        }
        Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setPermissions(mode.permissions());

        final FileStatus status = FileStatus.read(file);
        status.requireSafe(file, what, options);

        return status;
    }

    /**
     * Opens an existing file without following a symbolic link.
     *
     * @param file     the file.
     * @param readOnly whether to open it for reading only.
     * @return the channel.
     * @throws IOException if it cannot be opened.
     */
    static FileChannel openExisting(final Path file, final boolean readOnly) throws IOException
    {
        return FileChannel.open(file, readOnly ? READ_NO_FOLLOW : READ_WRITE_NO_FOLLOW);
    }

    /**
     * Deletes a file this process created and failed to finish; a failure to delete is added to the cause.
     *
     * @param file  the file.
     * @param cause why it is being deleted.
     */
    static void deleteAfterFailure(final Path file, final Throwable cause)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException | RuntimeException ex)
        {
            cause.addSuppressed(ex);
        }
    }

    static void closeQuietly(final FileChannel channel, final Throwable cause)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            cause.addSuppressed(ex);
        }
    }
}
