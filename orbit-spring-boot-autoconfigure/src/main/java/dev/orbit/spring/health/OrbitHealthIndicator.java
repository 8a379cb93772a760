package dev.orbit.spring.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.orbit.fleet.Fleet;
import dev.orbit.heartbeat.HeartbeatSnapshot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of this process's membership in its Orbit fleet. UP while this process's own latest heartbeat is at
 * most {@code orbit.heartbeat.max-age} old; DOWN when it is older or missing, or when the fleet's segments
 * cannot be read (the error is a detail). Other members being stale or missing is reported, not DOWN: a
 * sibling's trouble is not this process's.
 * <p>
 * Details: {@code fleet}, {@code nodeId}, {@code backing} ({@code shm} or {@code in-process}),
 * {@code directory}, {@code heartbeatAgeMs}, {@code maxAgeMs} and {@code members} ({@code alive} and
 * {@code stale} node ids, {@code missing} count, {@code expected}).
 */
public class OrbitHealthIndicator extends AbstractHealthIndicator {

    private final Fleet fleet;

    private final Duration maxAge;

    /**
     * @param fleet  the fleet.
     * @param maxAge heartbeat age beyond which this process is DOWN.
     */
    public OrbitHealthIndicator(Fleet fleet, Duration maxAge) {
        super("Orbit health check failed");
        this.fleet = fleet;
        this.maxAge = maxAge;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("fleet", this.fleet.name())
            .withDetail("nodeId", this.fleet.nodeId())
            .withDetail("backing", this.fleet.sharedMemory() ? "shm" : "in-process");
        this.fleet.directory().ifPresent((directory) -> builder.withDetail("directory", directory.toString()));
        HeartbeatSnapshot snapshot = this.fleet.heartbeats().snapshot(this.maxAge);
        Long ownBeat = this.fleet.heartbeats().latest().get(this.fleet.nodeId());
        long now = this.fleet.clock().time();
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("alive", snapshot.alive().stream().map(HeartbeatSnapshot.NodeBeat::nodeId).toList());
        members.put("stale", snapshot.stale().stream().map(HeartbeatSnapshot.NodeBeat::nodeId).toList());
        members.put("missing", snapshot.missing());
        members.put("expected", snapshot.expected());
        builder.withDetail("members", members).withDetail("maxAgeMs", this.maxAge.toMillis());
        if (ownBeat == null) {
            builder.down().withDetail("reason", "this process has published no heartbeat");
            return;
        }
        long age = Math.max(0, now - ownBeat);
        builder.withDetail("heartbeatAgeMs", age);
        if (age > this.maxAge.toMillis()) {
            builder.down()
                .withDetail("reason", "this process's heartbeat is " + age + " ms old, more than the max age of "
                        + this.maxAge.toMillis() + " ms (orbit.heartbeat.max-age)");
        }
        else {
            builder.up();
        }
    }

}
