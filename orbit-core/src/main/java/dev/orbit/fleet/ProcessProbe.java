package dev.orbit.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Facts about operating-system processes, read without native code, that let fleet membership decide whether the
 * process holding a membership slot is gone.
 * <p>
 * On Linux the facts come from {@code /proc}: {@code /proc/<pid>/stat} gives a process's state and its start time
 * in clock ticks since boot, and the link {@code /proc/self/ns/pid} names our pid namespace. The start time is
 * what tells a process apart from a later one that reuses its pid. Where {@code /proc} is missing the probe falls
 * back to {@link ProcessHandle}, whose start instant plays the same role (see {@link ProcessIdentity} for how the
 * two start-time encodings are kept apart).
 * <p>
 * A pid means nothing outside its pid namespace: sidecar containers of one pod may share {@code /dev/shm} but not
 * pids, so a member recorded in another namespace is {@link Liveness#UNKNOWN_NAMESPACE} and the caller falls back
 * to the age of its last heartbeat.
 * <p>
 * Every answer is a snapshot: a process reported {@link Liveness#ALIVE} may exit a moment later. When a process
 * exists but cannot be examined (its {@code stat} is unreadable or malformed) the probe answers
 * {@link Liveness#ALIVE}, because wrongly reclaiming a live member's slot is worse than waiting for its heartbeat
 * to age. A process hidden from us (a {@code /proc} mounted with {@code hidepid=2} and a member run by another
 * user) looks gone. No method throws for a process that vanished or never existed.
 */
final class ProcessProbe
{
    /**
     * Whether the process that recorded a {@link ProcessIdentity} is still running.
     */
    enum Liveness
    {
        /**
         * The process exists, is not a zombie and started at the recorded time, or it cannot be examined further.
         */
        ALIVE,

        /**
         * No process has the pid, it is a zombie or dead, or the pid now belongs to a process started at another
         * time.
         */
        GONE,

        /**
         * The process was recorded in another pid namespace, so its pid cannot be checked from here: decide by the
         * age of its last heartbeat instead.
         */
        UNKNOWN_NAMESPACE
    }

    /**
     * Value of a start time or pid namespace that could not be determined.
     */
    static final long UNKNOWN = 0;

    /**
     * High bit set on a start time taken from {@link ProcessHandle.Info#startInstant()} in epoch milliseconds, so it
     * never equals a start time in clock ticks from {@code /proc}.
     */
    static final long HANDLE_START_TIME_FLAG = Long.MIN_VALUE;

    /**
     * Number (1-based, as in {@code proc(5)}) of the {@code comm} field of {@code /proc/<pid>/stat}: the executable
     * name in parentheses, which may itself contain spaces and parentheses.
     */
    static final int COMM_FIELD = 2;

    /**
     * Number of the state field of {@code /proc/<pid>/stat}, the first after the {@code comm} field.
     */
    static final int STATE_FIELD = 3;

    /**
     * Number of the {@code starttime} field of {@code /proc/<pid>/stat}: clock ticks after boot when the process
     * started.
     */
    static final int START_TIME_FIELD = 22;

    /**
     * State of a process that has exited but has not been reaped by its parent.
     */
    static final byte ZOMBIE_STATE = 'Z';

    /**
     * State of a process being torn down.
     */
    static final byte DEAD_STATE = 'X';

    /**
     * State of a process being torn down, as spelled by Linux 2.6.33 to 3.13.
     */
    static final byte LEGACY_DEAD_STATE = 'x';

    /**
     * Returned by {@link #parseState(byte[])} when the stat line has no state field.
     */
    static final byte NO_STATE = 0;

    /**
     * Smallest pid of a real process; pid 0 is the kernel's idle task and never appears in {@code /proc}.
     */
    static final long MIN_PID = 1;

    private static final byte COMM_END = ')';
    private static final byte FIELD_SEPARATOR = ' ';
    private static final int DECIMAL_RADIX = 10;
    private static final char NAMESPACE_ID_START = '[';
    private static final char NAMESPACE_ID_END = ']';
    private static final Path PROC = Path.of("/proc");
    private static final String STAT_FILE = "stat";
    private static final Path OWN_PID_NAMESPACE_LINK = PROC.resolve("self").resolve("ns").resolve("pid");
    private static final boolean PROC_AVAILABLE = Files.isReadable(PROC.resolve("self").resolve(STAT_FILE));

    private ProcessProbe()
    {
    }

    /**
     * The identity of this process, determined on the first call and cached.
     *
     * @return the identity of this process.
     */
    static ProcessIdentity self()
    {
        return Self.IDENTITY;
    }

    /**
     * Start time of a process, encoded as described by {@link ProcessIdentity}: clock ticks since boot when
     * {@code /proc} is available, otherwise flagged epoch milliseconds from {@link ProcessHandle}.
     *
     * @param pid of the process.
     * @return the start time, or {@link #UNKNOWN} if the process does not exist or cannot be examined.
     */
    static long startTime(final long pid)
    {
        if (PROC_AVAILABLE)
        {
            final byte[] stat = readStat(pid);
            return null == stat ? UNKNOWN : parseStartTime(stat);
        }

        return handleStartTime(pid);
    }

    /**
     * Whether a process has exited and awaits reaping (a zombie) or is being torn down.
     *
     * @param pid of the process.
     * @return true if {@code /proc/<pid>/stat} shows the state {@code Z}, {@code X} or {@code x}; false if it shows
     * another state, the process does not exist, or {@code /proc} is not available.
     */
    static boolean isZombie(final long pid)
    {
        final byte[] stat = PROC_AVAILABLE ? readStat(pid) : null;
        return null != stat && isZombieState(parseState(stat));
    }

    /**
     * The pid namespace of this process, read once from the link {@code /proc/self/ns/pid}.
     *
     * @return the inode number of our pid namespace, or {@link #UNKNOWN} if it cannot be read.
     */
    static long pidNamespace()
    {
        return OwnNamespace.ID;
    }

    /**
     * Decide whether the process that recorded an identity is still running.
     * <ol>
     *   <li>Recorded in another pid namespace (a non-zero namespace that is not ours):
     *       {@link Liveness#UNKNOWN_NAMESPACE}.</li>
     *   <li>With {@code /proc}: {@link Liveness#GONE} when {@code /proc/<pid>} is absent, the process is a
     *       zombie, or both start times are known and differ (the pid was reused).</li>
     *   <li>Without {@code /proc}, or for a start time recorded from {@link ProcessHandle}: {@link Liveness#GONE}
     *       when {@link ProcessHandle#of(long)} finds no live process, or when its encoded start instant differs
     *       from the recorded one. Both come from the same source so they are compared exactly.</li>
     *   <li>Otherwise {@link Liveness#ALIVE}.</li>
     * </ol>
     * A recorded start time or namespace of {@link #UNKNOWN} skips that comparison.
     *
     * @param recorded identity written by the process when it claimed its slot.
     * @return whether that process is alive, gone, or out of our sight.
     */
    static Liveness liveness(final ProcessIdentity recorded)
    {
        final long recordedNamespace = recorded.pidNamespace();
        if (UNKNOWN != recordedNamespace && recordedNamespace != pidNamespace())
        {
            return Liveness.UNKNOWN_NAMESPACE;
        }

        if (PROC_AVAILABLE && !isHandleStartTime(recorded.startTime()))
        {
            return procLiveness(recorded.pid(), recorded.startTime());
        }

        return handleLiveness(recorded.pid(), recorded.startTime());
    }

    /**
     * Liveness from {@code /proc/<pid>/stat}, ignoring namespaces.
     *
     * @param pid               of the process.
     * @param recordedStartTime in clock ticks, or {@link #UNKNOWN} to skip the comparison.
     * @return {@link Liveness#ALIVE} or {@link Liveness#GONE}.
     */
    static Liveness procLiveness(final long pid, final long recordedStartTime)
    {
        if (pid < MIN_PID)
        {
            return Liveness.GONE;
        }

        final Path processDirectory = PROC.resolve(Long.toString(pid));
        final byte[] stat = readStat(processDirectory);
        if (null == stat)
        {
            // Vanished (gone), or present but unreadable: cannot tell, so do not reclaim.
            return Files.isDirectory(processDirectory) ? Liveness.ALIVE : Liveness.GONE;
        }

        if (isZombieState(parseState(stat)))
        {
            return Liveness.GONE;
        }

        final long startTime = parseStartTime(stat);
        if (UNKNOWN != recordedStartTime && UNKNOWN != startTime && startTime != recordedStartTime)
        {
            return Liveness.GONE;
        }

        return Liveness.ALIVE;
    }

    /**
     * Liveness from {@link ProcessHandle}, ignoring namespaces.
     *
     * @param pid               of the process.
     * @param recordedStartTime flagged epoch milliseconds (see {@link #HANDLE_START_TIME_FLAG}); any other value,
     *                          such as {@link #UNKNOWN} or a start time in clock ticks, skips the comparison.
     * @return {@link Liveness#ALIVE} or {@link Liveness#GONE}.
     */
    static Liveness handleLiveness(final long pid, final long recordedStartTime)
    {
        final Optional<ProcessHandle> handle = pid < MIN_PID ? Optional.empty() : ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive())
        {
            return Liveness.GONE;
        }

        if (isHandleStartTime(recordedStartTime))
        {
            final long startTime = encodeHandleStartTime(handle.get());
            if (UNKNOWN != startTime && startTime != recordedStartTime)
            {
                return Liveness.GONE;
            }
        }

        return Liveness.ALIVE;
    }

    /**
     * Start time of a process from {@link ProcessHandle}, whatever the platform.
     *
     * @param pid of the process.
     * @return the start instant in epoch milliseconds with {@link #HANDLE_START_TIME_FLAG} set, or
     * {@link #UNKNOWN} if the process does not exist or does not report a start instant.
     */
    static long handleStartTime(final long pid)
    {
        if (pid < MIN_PID)
        {
            return UNKNOWN;
        }

        return ProcessHandle.of(pid).map(ProcessProbe::encodeHandleStartTime).orElse(UNKNOWN);
    }

    /**
     * Whether a start time was taken from {@link ProcessHandle} rather than from {@code /proc}.
     *
     * @param startTime in either encoding.
     * @return true if {@link #HANDLE_START_TIME_FLAG} is set.
     */
    static boolean isHandleStartTime(final long startTime)
    {
        return 0 != (startTime & HANDLE_START_TIME_FLAG);
    }

    /**
     * State character of a {@code /proc/<pid>/stat} line: the first field after the last {@code ')'}, which ends
     * the {@code comm} field even when the executable name contains {@code ')'}.
     *
     * @param stat content of {@code /proc/<pid>/stat}.
     * @return the state, e.g. {@code 'R'}, {@code 'S'} or {@link #ZOMBIE_STATE}, or {@link #NO_STATE} if the line
     * is malformed.
     */
    static byte parseState(final byte[] stat)
    {
        final int index = fieldIndex(stat, STATE_FIELD);
        return index < 0 ? NO_STATE : stat[index];
    }

    /**
     * Start time of a {@code /proc/<pid>/stat} line: field {@value #START_TIME_FIELD}, counted after the last
     * {@code ')'}.
     *
     * @param stat content of {@code /proc/<pid>/stat}.
     * @return start time in clock ticks since boot, or {@link #UNKNOWN} if the line is malformed.
     */
    static long parseStartTime(final byte[] stat)
    {
        final int index = fieldIndex(stat, START_TIME_FIELD);
        if (index < 0)
        {
            return UNKNOWN;
        }

        long value = 0;
        int i = index;
        for (; i < stat.length && stat[i] >= '0' && stat[i] <= '9'; i++)
        {
            final int digit = stat[i] - '0';
            if (value > (Long.MAX_VALUE - digit) / DECIMAL_RADIX)
            {
                return UNKNOWN;
            }
            value = value * DECIMAL_RADIX + digit;
        }

        return i == index ? UNKNOWN : value;
    }

    /**
     * Pid namespace id from the target of a {@code /proc/<pid>/ns/pid} link, e.g. {@code pid:[4026531836]}.
     *
     * @param link target of the link.
     * @return the number between the brackets, or {@link #UNKNOWN} if there is none.
     */
    static long parseNamespace(final CharSequence link)
    {
        final String text = link.toString();
        final int start = text.indexOf(NAMESPACE_ID_START);
        final int end = text.indexOf(NAMESPACE_ID_END, start + 1);
        if (start < 0 || end < 0)
        {
            return UNKNOWN;
        }

        try
        {
            return Long.parseLong(text, start + 1, end, DECIMAL_RADIX);
        }
        catch (final NumberFormatException ex)
        {
            return UNKNOWN;
        }
    }

    /**
     * Whether a state from {@link #parseState(byte[])} means the process has exited.
     *
     * @param state character from the stat line.
     * @return true for {@link #ZOMBIE_STATE}, {@link #DEAD_STATE} and {@link #LEGACY_DEAD_STATE}.
     */
    static boolean isZombieState(final byte state)
    {
        return ZOMBIE_STATE == state || DEAD_STATE == state || LEGACY_DEAD_STATE == state;
    }

    /**
     * Index of the first byte of a field after {@code comm}, or -1 if the line has no such field.
     */
    private static int fieldIndex(final byte[] stat, final int field)
    {
        int index = lastIndexOf(stat, COMM_END);
        if (index < 0)
        {
            return -1;
        }

        // index is at the ')' ending comm; each round moves past one separator to the start of the next field.
        for (int current = COMM_FIELD; current < field; current++)
        {
            while (index < stat.length && FIELD_SEPARATOR != stat[index])
            {
                index++;
            }
            index++;
        }

        return index < stat.length ? index : -1;
    }

    private static int lastIndexOf(final byte[] bytes, final byte value)
    {
        for (int i = bytes.length - 1; i >= 0; i--)
        {
            if (value == bytes[i])
            {
                return i;
            }
        }

        return -1;
    }

    private static byte[] readStat(final long pid)
    {
        return pid < MIN_PID ? null : readStat(PROC.resolve(Long.toString(pid)));
    }

    /**
     * Content of {@code <processDirectory>/stat}, or null if it cannot be read: most often because the process is
     * gone ({@link java.nio.file.NoSuchFileException}, or {@code ESRCH} when it exits while being read).
     */
    private static byte[] readStat(final Path processDirectory)
    {
        try
        {
            return Files.readAllBytes(processDirectory.resolve(STAT_FILE));
        }
        catch (final IOException | SecurityException ex)
        {
            return null;
        }
    }

    private static long encodeHandleStartTime(final ProcessHandle handle)
    {
        final Optional<Instant> startInstant = handle.info().startInstant();
        return startInstant.isEmpty() ?
            UNKNOWN : HANDLE_START_TIME_FLAG | (startInstant.get().toEpochMilli() & ~HANDLE_START_TIME_FLAG);
    }

    private static long readOwnNamespace()
    {
        try
        {
            return parseNamespace(Files.readSymbolicLink(OWN_PID_NAMESPACE_LINK).toString());
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            return UNKNOWN;
        }
    }

    private static final class OwnNamespace
    {
        static final long ID = readOwnNamespace();
    }

    private static final class Self
    {
        static final ProcessIdentity IDENTITY;

        static
        {
            final long pid = ProcessHandle.current().pid();
            IDENTITY = new ProcessIdentity(pid, startTime(pid), pidNamespace());
        }
    }
}
