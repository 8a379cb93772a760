package dev.orbit.spring.bridge;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.orbit.fleet.PeerState;
import dev.orbit.redis.BridgeStats;
import dev.orbit.redis.RedisBridge;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters {@code orbit.bridge.*} of this process's bridge handle, tagged with the fleet and this host:
 * <ul>
 * <li>{@code orbit.bridge.forwarded}, {@code orbit.bridge.received}: events carried to and from other hosts;</li>
 * <li>{@code orbit.bridge.lag}: local events not yet carried;</li>
 * <li>{@code orbit.bridge.lost} ({@code reason} = {@code outbound}, {@code trimmed}, {@code inject}),
 * {@code orbit.bridge.duplicates}, {@code orbit.bridge.reconnects}, {@code orbit.bridge.redis.failures};</li>
 * <li>{@code orbit.bridge.redis.latency}: a timer of every Redis command's round trip in this process;</li>
 * <li>{@code orbit.bridge.active}, {@code orbit.bridge.connected}: 1 or 0;</li>
 * <li>{@code orbit.bridge.hosts} ({@code state} = alive, stale, gone): the fleet's hosts.</li>
 * </ul>
 * Flow counters move only in the process that runs the host's bridge.
 */
public class OrbitBridgeMeterBinder implements MeterBinder {

    private final RedisBridge bridge;

    private final BridgeLatency latency;

    private final java.time.Duration hostMaxAge;

    /**
     * @param bridge     this process's bridge handle.
     * @param latency    the bridge's command latency hook, or {@code null}.
     * @param hostMaxAge a host reported longer ago than this is stale.
     */
    public OrbitBridgeMeterBinder(RedisBridge bridge, BridgeLatency latency, java.time.Duration hostMaxAge) {
        this.bridge = bridge;
        this.latency = latency;
        this.hostMaxAge = hostMaxAge;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("fleet", this.bridge.fleet().name(), "host", this.bridge.hostId());
        counter(registry, "orbit.bridge.forwarded", "Local events carried to the other hosts", tags,
                BridgeStats::forwarded);
        counter(registry, "orbit.bridge.received", "Events of other hosts brought into this host", tags,
                BridgeStats::received);
        counter(registry, "orbit.bridge.lost", "Events lost between hosts", tags.and("reason", "outbound"),
                BridgeStats::outboundLost);
        counter(registry, "orbit.bridge.lost", "Events lost between hosts", tags.and("reason", "trimmed"),
                BridgeStats::inboundMissed);
        counter(registry, "orbit.bridge.lost", "Events lost between hosts", tags.and("reason", "inject"),
                BridgeStats::injectLost);
        counter(registry, "orbit.bridge.duplicates", "Events that may have been carried twice (upper bound)", tags,
                BridgeStats::duplicates);
        counter(registry, "orbit.bridge.reconnects", "Recoveries after Redis was unreachable", tags,
                BridgeStats::reconnects);
        counter(registry, "orbit.bridge.redis.failures", "Redis commands that failed or timed out", tags,
                BridgeStats::redisFailures);
        Gauge.builder("orbit.bridge.lag", this.bridge, (b) -> b.stats().forwardLag())
            .description("Local events not yet carried to the other hosts")
            .tags(tags)
            .register(registry);
        Gauge.builder("orbit.bridge.active", this.bridge, (b) -> b.isActive() ? 1 : 0)
            .description("1 while this process runs its host's bridge")
            .tags(tags)
            .register(registry);
        Gauge.builder("orbit.bridge.connected", this.bridge, (b) -> b.isConnected() ? 1 : 0)
            .description("1 while this process's connection to Redis answers")
            .tags(tags)
            .register(registry);
        for (PeerState state : PeerState.values()) {
            Gauge.builder("orbit.bridge.hosts", this.bridge,
                    (b) -> b.hosts(this.hostMaxAge).stream().filter((h) -> h.state() == state).count())
                .description("Hosts of the fleet by state")
                .tags(tags.and("state", state.name().toLowerCase(java.util.Locale.ROOT)))
                .register(registry);
        }
        if (this.latency != null) {
            Timer timer = Timer.builder("orbit.bridge.redis.latency")
                .description("Round trip of the bridge's Redis commands in this process")
                .tags(tags)
                .register(registry);
            this.latency.attach((nanos) -> timer.record(nanos, TimeUnit.NANOSECONDS));
        }
    }

    private void counter(MeterRegistry registry, String name, String description, Tags tags,
            ToDoubleFunction<BridgeStats> value) {
        FunctionCounter.builder(name, this.bridge, (b) -> value.applyAsDouble(b.stats()))
            .description(description)
            .tags(tags)
            .register(registry);
    }

}
