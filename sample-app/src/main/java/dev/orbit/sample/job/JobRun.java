package dev.orbit.sample.job;

/**
 * One run of the {@link ReportJob} in this process.
 *
 * @param node            node id of the process that ran it.
 * @param pid             its process id.
 * @param startedAtMicros epoch microseconds when the method started (the claim was held).
 * @param endedAtMicros   epoch microseconds when it ended, before the claim was released; {@code null} while it
 *                        runs.
 * @param outcome         {@code running}, {@code done} or {@code interrupted}.
 */
public record JobRun(int node, long pid, long startedAtMicros, Long endedAtMicros, String outcome) {
}
