package dev.orbit.spring.bridge;

import java.time.Duration;

import dev.orbit.redis.RedisBridge;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of this process's bridge across hosts: its state (connected, active, lag, counters, last error) and every
 * host of the fleet with its members. UP while the bridge runs, whatever other hosts or Redis do: a host keeps
 * working alone when Redis is unreachable, so neither Redis nor another host takes this process out of service;
 * {@code connected=false} and {@code lastError} tell it. DOWN only once the bridge is closed.
 */
public class OrbitBridgeHealthIndicator extends AbstractHealthIndicator {

    private final RedisBridge bridge;

    private final Duration hostMaxAge;

    /**
     * @param bridge     this process's bridge handle.
     * @param hostMaxAge a host reported longer ago than this is stale.
     */
    public OrbitBridgeHealthIndicator(RedisBridge bridge, Duration hostMaxAge) {
        super("Orbit bridge health check failed");
        this.bridge = bridge;
        this.hostMaxAge = hostMaxAge;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetails(BridgeView.bridge(this.bridge, this.hostMaxAge))
            .withDetail("hosts", BridgeView.hosts(this.bridge.hosts(this.hostMaxAge)));
        switch (this.bridge.state()) {
            case CLOSED -> builder.down().withDetail("reason", "the bridge is closed");
            case NEW -> builder.unknown().withDetail("reason", "the bridge is not started yet");
            default -> builder.up();
        }
    }

}
