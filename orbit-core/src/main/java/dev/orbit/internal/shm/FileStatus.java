package dev.orbit.internal.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentException;

/**
 * What {@code lstat} says about a path (symbolic links are not followed), and the checks every segment and lock
 * file must pass before it is opened.
 *
 * @param mode file type and permission bits, as {@code st_mode}.
 * @param uid  owner.
 * @param gid  group.
 * @param dev  device the file lives on.
 * @param ino  inode number; with {@code dev} it identifies the file.
 * @param size length in bytes.
 */
record FileStatus(int mode, int uid, int gid, long dev, long ino, long size)
{
    /**
     * Mask of the file type bits of {@code st_mode}.
     */
    static final int S_IFMT = 0170000;

    /**
     * File type: socket.
     */
    static final int S_IFSOCK = 0140000;

    /**
     * File type: symbolic link.
     */
    static final int S_IFLNK = 0120000;

    /**
     * File type: regular file.
     */
    static final int S_IFREG = 0100000;

    /**
     * File type: block device.
     */
    static final int S_IFBLK = 0060000;

    /**
     * File type: directory.
     */
    static final int S_IFDIR = 0040000;

    /**
     * File type: character device.
     */
    static final int S_IFCHR = 0020000;

    /**
     * File type: FIFO (named pipe).
     */
    static final int S_IFIFO = 0010000;

    /**
     * Mask of the permission bits, set-user-id, set-group-id and sticky included.
     */
    static final int PERMISSION_MASK = 07777;

    private static final String ATTRIBUTES = "unix:mode,uid,gid,dev,ino,size";

    /**
     * Reads the status of a path without following a symbolic link.
     *
     * @param file the path.
     * @return its status.
     * @throws NoSuchFileException if nothing has that name.
     * @throws IOException         if the attributes cannot be read.
     */
    static FileStatus read(final Path file) throws IOException
    {
        final Map<String, Object> attributes = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);

        return new FileStatus(
            (Integer)attributes.get("mode"),
            (Integer)attributes.get("uid"),
            (Integer)attributes.get("gid"),
            (Long)attributes.get("dev"),
            (Long)attributes.get("ino"),
            (Long)attributes.get("size"));
    }

    /**
     * Like {@link #read(Path)}, but null when nothing has that name.
     *
     * @param file the path.
     * @return its status, or null.
     * @throws IOException if the attributes cannot be read.
     */
    static FileStatus readIfExists(final Path file) throws IOException
    {
        try
        {
            return read(file);
        }
        catch (final NoSuchFileException ignore)
        {
            return null;
        }
    }

    boolean isRegularFile()
    {
        return (mode & S_IFMT) == S_IFREG;
    }

    boolean isDirectory()
    {
        return (mode & S_IFMT) == S_IFDIR;
    }

    int permissionBits()
    {
        return mode & PERMISSION_MASK;
    }

    /**
     * Whether both statuses describe the same file (same device and inode).
     *
     * @param other another status.
     * @return true if it is the same file.
     */
    boolean isSameFile(final FileStatus other)
    {
        return dev == other.dev && ino == other.ino;
    }

    String typeName()
    {
        switch (mode & S_IFMT)
        {
            case S_IFREG:
                return "regular file";
            case S_IFDIR:
                return "directory";
            case S_IFLNK:
                return "symbolic link";
            case S_IFIFO:
                return "fifo";
            case S_IFSOCK:
                return "socket";
            case S_IFCHR:
                return "character device";
            case S_IFBLK:
                return "block device";
            default:
                return "unknown(" + octal(mode & S_IFMT) + ")";
        }
    }

    /**
     * Refuses anything but a regular file of the expected owner (or group, in the group modes) with no permission
     * bits beyond the access mode's.
     *
     * @param file    the path, to name in messages.
     * @param what    {@code "segment"} or {@code "lock file"}, to name in messages.
     * @param options the access mode and expected ids.
     * @throws SegmentException naming the file and the found and expected values.
     */
    void requireSafe(final Path file, final String what, final SegmentOptions options)
    {
        final AccessMode accessMode = options.mode();
        if (!isRegularFile())
        {
            throw new SegmentException("refusing " + what + " " + file + ": type=" + typeName() +
                ", expected type=regular file (Orbit never follows, opens or replaces it: remove it)");
        }

        if (accessMode.isPerUser())
        {
            if (uid != options.expectedUid())
            {
                throw new SegmentException("refusing " + what + " " + file + ": uid=" + id(uid) +
                    ", expectedUid=" + id(options.expectedUid()) + " for mode=" + accessMode +
                    " (the file belongs to another user: remove it as that user)");
            }
        }
        else if (gid != options.expectedGid())
        {
            throw new SegmentException("refusing " + what + " " + file + ": gid=" + id(gid) +
                ", expectedGid=" + id(options.expectedGid()) + " for mode=" + accessMode +
                " (the file belongs to another group: remove it or change its group)");
        }

        if ((permissionBits() & ~accessMode.modeBits()) != 0)
        {
            throw new SegmentException("refusing " + what + " " + file + ": mode=" + octal(permissionBits()) +
                ", expected at most " + octal(accessMode.modeBits()) + " for mode=" + accessMode +
                " (remove the file or fix its permissions)");
        }
    }

    /**
     * Formats permission or type bits the way {@code ls} and {@code chmod} users read them, e.g. {@code 0644}.
     *
     * @param bits the bits.
     * @return the octal text.
     */
    static String octal(final int bits)
    {
        return String.format("%04o", bits);
    }

    /**
     * Formats a uid or gid as the unsigned number the kernel uses.
     *
     * @param id the id.
     * @return the decimal text.
     */
    static String id(final int id)
    {
        return Integer.toUnsignedString(id);
    }
}
