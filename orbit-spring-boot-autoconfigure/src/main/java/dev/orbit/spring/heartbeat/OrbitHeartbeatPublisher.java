package dev.orbit.spring.heartbeat;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import dev.orbit.heartbeat.Heartbeats;
import dev.orbit.spring.scheduling.OrbitScheduler;

import org.springframework.context.SmartLifecycle;

/**
 * Publishes this process's heartbeat every {@code orbit.heartbeat.interval} while the application context runs:
 * once when it starts, then on the {@link OrbitScheduler}'s thread. Starts before and stops after the listener
 * containers.
 */
public class OrbitHeartbeatPublisher implements SmartLifecycle {

    /** Lifecycle phase: earlier than the default phase of listener containers. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private final Heartbeats heartbeats;

    private final OrbitScheduler scheduler;

    private final Duration interval;

    private volatile ScheduledFuture<?> task;

    /**
     * @param heartbeats the fleet's heartbeats.
     * @param scheduler  the shared scheduler.
     * @param interval   the heartbeat interval.
     */
    public OrbitHeartbeatPublisher(Heartbeats heartbeats, OrbitScheduler scheduler, Duration interval) {
        this.heartbeats = heartbeats;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (this.task == null) {
            this.heartbeats.beat();
            this.task = this.scheduler.scheduleAtFixedRate(this.heartbeats::beat, this.interval);
        }
    }

    @Override
    public synchronized void stop() {
        if (this.task != null) {
            this.task.cancel(false);
            this.task = null;
        }
    }

    @Override
    public boolean isRunning() {
        return this.task != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * @return the heartbeat interval.
     */
    public Duration getInterval() {
        return this.interval;
    }

}
