package dev.orbit.fleet;

/**
 * Who a process is, precisely enough to tell it apart from a later process that reuses its pid.
 * <p>
 * A member records its own identity in its membership slot when it joins; a sibling later compares the recorded
 * identity with what the operating system reports now (see {@link ProcessProbe#liveness(ProcessIdentity)}).
 * <p>
 * The start time has two encodings, told apart by the sign bit, so that values from different sources never
 * compare equal by accident:
 * <ul>
 *   <li>with {@code /proc}: field 22 of {@code /proc/<pid>/stat}, the start time in clock ticks since boot, a
 *       non-negative value;</li>
 *   <li>without {@code /proc}: {@link ProcessHandle.Info#startInstant()} in epoch milliseconds with the high bit
 *       set ({@link ProcessProbe#HANDLE_START_TIME_FLAG}), a negative value.</li>
 * </ul>
 *
 * @param pid          process id as seen from {@code pidNamespace}.
 * @param startTime    start time in one of the two encodings above, or 0 when unknown.
 * @param pidNamespace inode number of the process's pid namespace ({@code /proc/self/ns/pid}), or 0 when unknown.
 */
record ProcessIdentity(long pid, long startTime, long pidNamespace)
{
}
