package dev.orbit.internal.shm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import dev.orbit.shm.SegmentException;

/**
 * The lock that serialises creating, attaching and removing one segment, across threads and processes.
 * <p>
 * Across processes it is a {@link FileChannel#lock() file lock} on the segment's lock file, which the kernel
 * drops when the holder dies. Within this JVM a second lock on the same file would throw
 * {@link OverlappingFileLockException} (and closing any other channel to it would release it), so one JVM-wide
 * registry hands out a {@link ReentrantLock} per lock file first: at most one thread per JVM has a lock file open.
 * <p>
 * Creators and attachers hold it exclusively; readers and removers share it, which still waits for a creator to
 * finish. Lock files are never removed except by {@link MappedSegment#unlink}, under the lock: a waiter that then
 * gets a lock on the removed file sees the name gone or naming another file, and locks again.
 */
final class SegmentLock implements AutoCloseable
{
    private static final String LOCK_FILE = "lock file";
    private static final long MIN_BACKOFF_NS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * Longer timeouts are treated as this one, which keeps {@code deadline - now} free of overflow (292 years).
     */
    private static final long MAX_TIMEOUT_NS = Long.MAX_VALUE >> 1;

    private static final ConcurrentHashMap<Path, Holder> HOLDERS = new ConcurrentHashMap<>();

    private final Path key;
    private final Holder holder;
    private final FileChannel channel;
    private final FileLock fileLock;
    private boolean closed;

    private SegmentLock(final Path key, final Holder holder, final FileChannel channel, final FileLock fileLock)
    {
        this.key = key;
        this.holder = holder;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Locks for creating or attaching: creates the lock file if absent and locks it exclusively.
     *
     * @param lockFile the segment's lock file.
     * @param options  the access mode for a new lock file, the checks for an existing one, and the timeout.
     * @return the held lock.
     * @throws SegmentException if the lock file is refused or the timeout passes.
     */
    static SegmentLock exclusive(final Path lockFile, final SegmentOptions options)
    {
        return acquire(lockFile, Purpose.CREATE_OR_ATTACH, options, options.lockTimeout());
    }

    /**
     * Locks for reading: never creates nor writes the lock file and locks it shared; when there is no lock file
     * only the JVM-wide lock is held.
     *
     * @param lockFile the segment's lock file.
     * @param options  the checks for the lock file and the timeout.
     * @return the held lock.
     * @throws SegmentException if the lock file is refused or the timeout passes.
     */
    static SegmentLock shared(final Path lockFile, final SegmentOptions options)
    {
        return acquire(lockFile, Purpose.READ, options, options.lockTimeout());
    }

    /**
     * Locks for removing: like {@link #shared} but checks only that the lock file is a regular file, since the
     * caller is about to delete it whatever its owner or mode.
     *
     * @param lockFile the segment's lock file.
     * @param timeout  how long to wait.
     * @return the held lock.
     * @throws SegmentException if the timeout passes.
     */
    static SegmentLock forRemoval(final Path lockFile, final Duration timeout)
    {
        return acquire(lockFile, Purpose.REMOVE, null, timeout);
    }

    /**
     * Whether a lock file is locked too, not only the JVM-wide lock (a reader or remover that found no lock file).
     *
     * @return true if other processes are locked out.
     */
    boolean isHeldAcrossProcesses()
    {
        return null != fileLock;
    }

    /**
     * Releases the lock; never deletes the lock file.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;

        try
        {
            if (null != channel)
            {
                channel.close(); // releases the file lock
            }
        }
        catch (final IOException ignore)
        {
            // the descriptor is gone either way, and with it the lock
        }
        finally
        {
            holder.lock.unlock();
            release(key);
        }
    }

    /**
     * How many lock files the JVM-wide registry tracks: those locked or being waited for right now.
     *
     * @return the number of entries.
     */
    static int registeredLockFiles()
    {
        return HOLDERS.size();
    }

    private static SegmentLock acquire(
        final Path lockFile, final Purpose purpose, final SegmentOptions options, final Duration timeout)
    {
        final long timeoutNs = timeoutNs(timeout);
        final long deadlineNs = System.nanoTime() + timeoutNs;
        final Path key = lockFile.toAbsolutePath().normalize();
        final Holder holder = retain(key);
        boolean acquired = false;
        try
        {
            lockInJvm(holder, lockFile, timeout, timeoutNs);
            try
            {
                final SegmentLock lock = lockAcrossProcesses(key, holder, lockFile, purpose, options, timeout,
                    deadlineNs);
                acquired = true;
                return lock;
            }
            finally
            {
                if (!acquired)
                {
                    holder.lock.unlock();
                }
            }
        }
        finally
        {
            if (!acquired)
            {
                release(key);
            }
        }
    }

    private static void lockInJvm(
        final Holder holder, final Path lockFile, final Duration timeout, final long timeoutNs)
    {
        if (holder.lock.isHeldByCurrentThread())
        {
            throw new IllegalStateException("this thread already holds lock file " + lockFile +
                " (a SegmentSpec must not open its own segment)");
        }

        try
        {
            if (!holder.lock.tryLock(timeoutNs, TimeUnit.NANOSECONDS))
            {
                throw timedOut(lockFile, timeout, "another thread of this process");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new SegmentException("interrupted while waiting for lock file " + lockFile, ex);
        }
    }

    private static SegmentLock lockAcrossProcesses(
        final Path key,
        final Holder holder,
        final Path lockFile,
        final Purpose purpose,
        final SegmentOptions options,
        final Duration timeout,
        final long deadlineNs)
    {
        try
        {
            while (true)
            {
                final Opened opened = open(lockFile, purpose, options, timeout, deadlineNs);
                if (null == opened)
                {
                    return new SegmentLock(key, holder, null, null);
                }

                boolean keep = false;
                try
                {
                    final FileLock fileLock = lock(opened.channel, purpose, lockFile, timeout, deadlineNs);
                    final FileStatus now = FileStatus.readIfExists(lockFile);
                    if (null != now && now.isSameFile(opened.status))
                    {
                        keep = true;
                        return new SegmentLock(key, holder, opened.channel, fileLock);
                    }
                    // the lock file was removed or replaced while we waited: lock the file now at that name
                }
                finally
                {
                    if (!keep)
                    {
                        closeQuietly(opened.channel);
                    }
                }
                requireBeforeDeadline(lockFile, timeout, deadlineNs);
            }
        }
        catch (final IOException ex)
        {
            throw new SegmentException("cannot lock " + lockFile + ": " + ex, ex);
        }
    }

    /**
     * Opens the lock file, creating it if the purpose allows.
     *
     * @return the open lock file, or null if there is none and the purpose does not create one.
     */
    private static Opened open(
        final Path lockFile,
        final Purpose purpose,
        final SegmentOptions options,
        final Duration timeout,
        final long deadlineNs) throws IOException
    {
        while (true)
        {
            if (Purpose.CREATE_OR_ATTACH == purpose)
            {
                final FileChannel created = SegmentFiles.createNew(lockFile, options.mode());
                if (null != created)
                {
                    try
                    {
                        return new Opened(created, SegmentFiles.secureCreated(lockFile, LOCK_FILE, options));
                    }
                    catch (final IOException | RuntimeException ex)
                    {
                        SegmentFiles.closeQuietly(created, ex);
                        SegmentFiles.deleteAfterFailure(lockFile, ex);
                        throw ex;
                    }
                }
            }

            final FileStatus status = FileStatus.readIfExists(lockFile);
            if (null == status)
            {
                if (Purpose.CREATE_OR_ATTACH != purpose)
                {
                    return null;
                }
            }
            else if (Purpose.REMOVE == purpose && !status.isRegularFile())
            {
                return null; // nothing to lock; the remover deletes the name
            }
            else
            {
                if (Purpose.REMOVE != purpose)
                {
                    status.requireSafe(lockFile, LOCK_FILE, options);
                }
                try
                {
                    return new Opened(
                        SegmentFiles.openExisting(lockFile, Purpose.CREATE_OR_ATTACH != purpose), status);
                }
                catch (final NoSuchFileException ignore)
                {
                    // removed since we looked: look again
                }
                catch (final AccessDeniedException ex)
                {
                    if (Purpose.REMOVE != purpose)
                    {
                        throw ex;
                    }
                    return null; // not ours to lock; the remover may still delete the name
                }
            }
            requireBeforeDeadline(lockFile, timeout, deadlineNs);
        }
    }

    private static FileLock lock(
        final FileChannel channel,
        final Purpose purpose,
        final Path lockFile,
        final Duration timeout,
        final long deadlineNs) throws IOException
    {
        final boolean shared = Purpose.CREATE_OR_ATTACH != purpose;
        long backoffNs = MIN_BACKOFF_NS;
        while (true)
        {
            final FileLock fileLock = tryLock(channel, shared);
            if (null != fileLock)
            {
                return fileLock;
            }

            final long remainingNs = deadlineNs - System.nanoTime();
            if (remainingNs <= 0)
            {
                throw timedOut(lockFile, timeout, "another process");
            }
            LockSupport.parkNanos(Math.min(backoffNs, remainingNs));
            if (Thread.currentThread().isInterrupted())
            {
                throw new SegmentException("interrupted while waiting for lock file " + lockFile);
            }
            backoffNs = Math.min(backoffNs << 1, MAX_BACKOFF_NS);
        }
    }

    private static FileLock tryLock(final FileChannel channel, final boolean shared) throws IOException
    {
        try
        {
            return channel.tryLock(0, Long.MAX_VALUE, shared);
        }
        catch (final OverlappingFileLockException ex)
        {
            // this JVM holds it under another name for the same file (a hard link, a linked directory): wait as
            // for another process
            return null;
        }
    }

    private static void requireBeforeDeadline(final Path lockFile, final Duration timeout, final long deadlineNs)
    {
        if (deadlineNs - System.nanoTime() <= 0)
        {
            throw timedOut(lockFile, timeout, "other processes");
        }
    }

    private static SegmentException timedOut(final Path lockFile, final Duration timeout, final String holder)
    {
        return new SegmentException("timed out waiting for lock file " + lockFile + ": lockTimeout=" + timeout +
            " (held by " + holder + " while creating, attaching or removing the segment; a holder that dies " +
            "releases it, so a live process holds it: raise lockTimeout or find that process)");
    }

    private static long timeoutNs(final Duration timeout)
    {
        try
        {
            return Math.min(timeout.toNanos(), MAX_TIMEOUT_NS);
        }
        catch (final ArithmeticException ex)
        {
            return MAX_TIMEOUT_NS;
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // the descriptor is gone either way, and with it any lock
        }
    }

    private static Holder retain(final Path key)
    {
        return HOLDERS.compute(
            key,
            (path, existing) ->
            {
                final Holder holder = null == existing ? new Holder() : existing;
                holder.users++;
                return holder;
            });
    }

    private static void release(final Path key)
    {
        HOLDERS.computeIfPresent(key, (path, existing) -> 0 == --existing.users ? null : existing);
    }

    private enum Purpose
    {
        /**
         * Exclusive; creates the lock file if absent; checks an existing one.
         */
        CREATE_OR_ATTACH,

        /**
         * Shared; never creates; checks an existing one.
         */
        READ,

        /**
         * Shared; never creates; checks only that it is a regular file.
         */
        REMOVE
    }

    /**
     * One JVM-wide lock per lock file, with the number of threads holding or waiting for it; {@code users} is only
     * read and written inside {@link ConcurrentHashMap#compute}, which runs atomically per key.
     */
    private static final class Holder
    {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private record Opened(FileChannel channel, FileStatus status)
    {
    }
}
