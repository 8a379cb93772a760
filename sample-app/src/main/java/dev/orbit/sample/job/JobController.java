package dev.orbit.sample.job;

import java.util.List;

import dev.orbit.fleet.Fleet;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/job/runs}: the runs of the claimed job in this process.
 */
@RestController
public class JobController {

    private final JobRuns runs;

    private final Fleet fleet;

    public JobController(JobRuns runs, Fleet fleet) {
        this.runs = runs;
        this.fleet = fleet;
    }

    @GetMapping("/api/job/runs")
    public Runs runs() {
        return new Runs(this.fleet.nodeId(), ProcessHandle.current().pid(), this.runs.total(), this.runs.running(),
                this.runs.recent(500));
    }

    /**
     * @param node    this process's node id.
     * @param pid     this process's pid.
     * @param total   runs started here.
     * @param running whether a run is in progress here.
     * @param runs    the newest runs, oldest first.
     */
    public record Runs(int node, long pid, long total, boolean running, List<JobRun> runs) {
    }

}
