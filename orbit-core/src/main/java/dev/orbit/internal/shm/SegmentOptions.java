package dev.orbit.internal.shm;

import java.time.Duration;
import java.util.Objects;

import dev.orbit.shm.AccessMode;

/**
 * Options for creating and attaching segments.
 * <p>
 * The canonical constructor rejects bad values, so every {@code with...} method does too, at the call.
 *
 * @param mode        the permissions segments are created with and the most an attached segment may have.
 * @param expectedUid the uid that must own attached segments in {@link AccessMode#OWNER} mode; normally
 *                    {@link Processes#currentUid()}, another value is a seam for tests run as root.
 * @param expectedGid the gid that must own segments in the group modes (new segments are given this group);
 *                    normally {@link Processes#currentGid()}.
 * @param lockTimeout how long to wait for another thread or process that is creating or attaching the same segment;
 *                    zero tries once.
 */
public record SegmentOptions(AccessMode mode, int expectedUid, int expectedGid, Duration lockTimeout)
{
    /**
     * The default {@link #lockTimeout()}.
     */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

    /**
     * {@code (uid_t) -1} and {@code (gid_t) -1}: "no id" to the kernel, never the owner of a file.
     * Ids above {@link Integer#MAX_VALUE} are negative ints here, as in {@code unix:uid} attributes, and are accepted.
     */
    private static final int NO_ID = -1;

    /**
     * Checks the options.
     *
     * @param mode        the access mode, not null.
     * @param expectedUid the expected owner uid, not -1.
     * @param expectedGid the expected group gid, not -1.
     * @param lockTimeout the lock timeout, not null nor negative.
     */
    public SegmentOptions
    {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (NO_ID == expectedUid)
        {
            throw new IllegalArgumentException("expectedUid=-1 is not a user id");
        }
        if (NO_ID == expectedGid)
        {
            throw new IllegalArgumentException("expectedGid=-1 is not a group id");
        }
        if (lockTimeout.isNegative())
        {
            throw new IllegalArgumentException("lockTimeout=" + lockTimeout + ", expected zero or more");
        }
    }

    /**
     * Owner-only segments of this process's user and primary group, with a {@link #DEFAULT_LOCK_TIMEOUT}.
     *
     * @return the default options.
     */
    public static SegmentOptions defaults()
    {
        return new SegmentOptions(AccessMode.OWNER, Processes.currentUid(), Processes.currentGid(),
            DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * These options with another access mode.
     *
     * @param mode the access mode.
     * @return new options.
     */
    public SegmentOptions withMode(final AccessMode mode)
    {
        return new SegmentOptions(mode, expectedUid, expectedGid, lockTimeout);
    }

    /**
     * These options with another expected owner.
     *
     * @param expectedUid the uid that must own attached segments in {@link AccessMode#OWNER} mode.
     * @return new options.
     */
    public SegmentOptions withExpectedUid(final int expectedUid)
    {
        return new SegmentOptions(mode, expectedUid, expectedGid, lockTimeout);
    }

    /**
     * These options with another expected group.
     *
     * @param expectedGid the gid that must own segments in the group modes.
     * @return new options.
     */
    public SegmentOptions withExpectedGid(final int expectedGid)
    {
        return new SegmentOptions(mode, expectedUid, expectedGid, lockTimeout);
    }

    /**
     * These options with another lock timeout.
     *
     * @param lockTimeout how long to wait for the segment's lock.
     * @return new options.
     */
    public SegmentOptions withLockTimeout(final Duration lockTimeout)
    {
        return new SegmentOptions(mode, expectedUid, expectedGid, lockTimeout);
    }
}
