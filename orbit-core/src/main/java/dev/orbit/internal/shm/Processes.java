package dev.orbit.internal.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Facts about this process from the operating system, without native code.
 * <p>
 * Both ids are the effective ones, read once: {@code /proc/self} belongs to the process's effective uid and gid.
 * Where there is no {@code /proc} they are read from a fresh temporary file, which belongs to the same ids unless
 * the temporary directory is set-group-id.
 */
public final class Processes
{
    private static final Path PROC_SELF = Path.of("/proc/self");
    private static final String UID_ATTRIBUTE = "unix:uid";
    private static final String GID_ATTRIBUTE = "unix:gid";

    /**
     * {@code (uid_t) -1}: never a real id, so it marks an id not read yet.
     */
    private static final int UNKNOWN = -1;

    private static volatile int uid = UNKNOWN;
    private static volatile int gid = UNKNOWN;

    private Processes()
    {
    }

    /**
     * The effective user id of this process.
     *
     * @return the uid.
     * @throws IllegalStateException if neither {@code /proc/self} nor a temporary file shows it.
     */
    public static int currentUid()
    {
        int id = uid;
        if (UNKNOWN == id)
        {
            id = readId(UID_ATTRIBUTE);
            uid = id;
        }
        return id;
    }

    /**
     * The effective group id of this process.
     *
     * @return the gid.
     * @throws IllegalStateException if neither {@code /proc/self} nor a temporary file shows it.
     */
    public static int currentGid()
    {
        int id = gid;
        if (UNKNOWN == id)
        {
            id = readId(GID_ATTRIBUTE);
            gid = id;
        }
        return id;
    }

    private static int readId(final String attribute)
    {
        try
        {
            return (Integer)Files.getAttribute(PROC_SELF, attribute);
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException procFailure)
        {
            try
            {
                final Path probe = Files.createTempFile("orbit-id-", ".probe");
                try
                {
                    return (Integer)Files.getAttribute(probe, attribute);
                }
                finally
                {
                    Files.deleteIfExists(probe);
                }
            }
            catch (final IOException | UnsupportedOperationException | IllegalArgumentException probeFailure)
            {
                final IllegalStateException failure = new IllegalStateException(
                    "cannot read " + attribute + " of this process from " + PROC_SELF + " nor from a temporary file",
                    probeFailure);
                failure.addSuppressed(procFailure);
                throw failure;
            }
        }
    }
}
