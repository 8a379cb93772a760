package dev.orbit.sample.job;

import java.time.Duration;

import dev.orbit.spring.claim.Claimed;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A job that every sibling schedules and only one runs at a time: {@code @Claimed} takes the claim
 * {@value #SUBJECT} before the method runs (renewing it while it runs) and releases it after; a sibling whose
 * attempt finds the claim held skips that run.
 * <p>
 * When the running process dies, even by {@code kill -9}, its claim ends as soon as a sibling sees the process
 * gone (checked on every claim attempt), so another sibling runs the job at its next attempt: within one
 * {@code sample.job.interval} of the death, not after the claim's time to live.
 */
@Component
public class ReportJob {

    /** The claimed subject. */
    public static final String SUBJECT = "sample.report";

    private final JobRuns runs;

    private final Duration work;

    public ReportJob(JobRuns runs, @Value("${sample.job.work:2s}") Duration work) {
        this.runs = runs;
        this.work = work;
    }

    /**
     * Runs the job here when no sibling is running it.
     */
    @Scheduled(initialDelayString = "${sample.job.interval:1s}", fixedDelayString = "${sample.job.interval:1s}")
    @Claimed(subject = SUBJECT, ttl = "${sample.job.claim-ttl:30s}")
    public void run() {
        JobRun run = this.runs.started();
        String outcome = "done";
        try {
            Thread.sleep(this.work.toMillis());
        }
        catch (InterruptedException ex) {
            outcome = "interrupted";
            Thread.currentThread().interrupt();
        }
        finally {
            this.runs.ended(run, outcome);
        }
    }

}
