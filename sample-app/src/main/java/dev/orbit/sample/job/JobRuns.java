package dev.orbit.sample.job;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.orbit.fleet.Fleet;

import org.springframework.stereotype.Component;

/**
 * The runs of the {@link ReportJob} in this process, newest last.
 */
@Component
public class JobRuns {

    private static final int KEPT = 500;

    private final Fleet fleet;

    private final long pid = ProcessHandle.current().pid();

    private final Deque<JobRun> runs = new ArrayDeque<>();

    private long total;

    public JobRuns(Fleet fleet) {
        this.fleet = fleet;
    }

    /**
     * Records the start of a run.
     *
     * @return the running entry.
     */
    public synchronized JobRun started() {
        JobRun run = new JobRun(this.fleet.nodeId(), this.pid, nowMicros(), null, "running");
        this.runs.addLast(run);
        if (this.runs.size() > KEPT) {
            this.runs.removeFirst();
        }
        this.total++;
        return run;
    }

    /**
     * Records the end of a run.
     *
     * @param run     the entry {@link #started()} returned.
     * @param outcome {@code done} or {@code interrupted}.
     */
    public synchronized void ended(JobRun run, String outcome) {
        JobRun ended = new JobRun(run.node(), run.pid(), run.startedAtMicros(), nowMicros(), outcome);
        List<JobRun> all = new ArrayList<>(this.runs);
        int index = all.lastIndexOf(run);
        if (index >= 0) {
            all.set(index, ended);
            this.runs.clear();
            this.runs.addAll(all);
        }
    }

    /**
     * @param limit most runs to return.
     * @return the newest runs, oldest first.
     */
    public synchronized List<JobRun> recent(int limit) {
        List<JobRun> all = new ArrayList<>(this.runs);
        return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    /**
     * @return runs started in this process since it started.
     */
    public synchronized long total() {
        return this.total;
    }

    /**
     * @return true while a run is in progress here.
     */
    public synchronized boolean running() {
        JobRun last = this.runs.peekLast();
        return last != null && last.endedAtMicros() == null;
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

}
