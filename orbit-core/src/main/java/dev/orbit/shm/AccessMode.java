package dev.orbit.shm;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Set;

/**
 * File permissions of a fleet's segments, and whose files a process may attach.
 * <p>
 * {@link #OWNER} is the default: only the creating user can read or write the segments, their file names
 * carry that user's uid (so two users never collide in {@code /dev/shm}) and attaching checks the file's owner.
 * The group modes share a fleet between several uids: such a fleet lives in a directory of its own, file names
 * carry no uid, and attaching checks the file's group instead of its owner.
 */
public enum AccessMode
{
    /**
     * Owner read/write only ({@code 0600}); file names carry the owner's uid; attaching checks the owner.
     */
    OWNER(0600, "rw-------"),

    /**
     * Owner read/write, group read ({@code 0640}); attaching checks the group. Group members other than the owner
     * can only attach read-only.
     */
    GROUP_READ(0640, "rw-r-----"),

    /**
     * Owner and group read/write ({@code 0660}); attaching checks the group.
     */
    GROUP_READ_WRITE(0660, "rw-rw----");

    private final int modeBits;
    private final Set<PosixFilePermission> permissions;

    AccessMode(final int modeBits, final String symbolic)
    {
        this.modeBits = modeBits;
        this.permissions = Collections.unmodifiableSet(PosixFilePermissions.fromString(symbolic));
    }

    /**
     * The permissions a segment (and its lock file) is created with, and the most an attached file may have.
     *
     * @return an unmodifiable set of the permissions.
     */
    public Set<PosixFilePermission> permissions()
    {
        return permissions;
    }

    /**
     * The same permissions as {@link #permissions()}, as POSIX mode bits.
     *
     * @return {@code 0600}, {@code 0640} or {@code 0660}.
     */
    public int modeBits()
    {
        return modeBits;
    }

    /**
     * Whether segments belong to one user (file names carry the uid, attaching checks the owner) rather than to a
     * group (no uid in file names, attaching checks the group).
     *
     * @return true for {@link #OWNER}.
     */
    public boolean isPerUser()
    {
        return this == OWNER;
    }
}
