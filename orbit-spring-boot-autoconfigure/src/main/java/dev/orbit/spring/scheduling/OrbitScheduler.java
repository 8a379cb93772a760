package dev.orbit.spring.scheduling;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * One daemon thread shared by Orbit's periodic work: heartbeats, claim renewals and meter refreshes. Tasks
 * must be short and non-blocking. A task that throws is logged and keeps its schedule.
 */
public final class OrbitScheduler implements DisposableBean {

    private static final Log logger = LogFactory.getLog(OrbitScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    /**
     * Creates the scheduler and its thread {@code orbit-scheduler}.
     */
    public OrbitScheduler() {
        this.executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
            Thread thread = new Thread(runnable, "orbit-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        this.executor.setRemoveOnCancelPolicy(true);
        this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Runs a task every {@code period}, the first time after {@code period}.
     *
     * @param task   the task.
     * @param period the period; positive.
     * @return cancels the task.
     */
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
        long nanos = period.toNanos();
        return this.executor.scheduleAtFixedRate(guarded(task), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            }
            catch (Throwable ex) {
                logger.warn("Orbit scheduled task failed; it keeps its schedule", ex);
            }
        };
    }

    @Override
    public void destroy() {
        this.executor.shutdownNow();
    }

}
