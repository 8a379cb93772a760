package dev.orbit.bench.hosts;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;

import dev.orbit.bench.support.RedisServer;
import dev.orbit.fleet.Fleet;
import dev.orbit.redis.BridgeState;
import dev.orbit.redis.RedisBridge;
import dev.orbit.redis.RedisBridgeBuilder;

/**
 * Starting a host's bridge for a benchmark and waiting until it runs.
 */
public final class Bridges {

    private Bridges() {
    }

    /**
     * @param fleet     the host's fleet.
     * @param hostId    the host's id.
     * @param redisPort port of the local redis-server.
     * @param idle      the forwarder's idle strategy, or null for the default.
     * @return a bridge that runs the host's bridge.
     */
    public static RedisBridge start(final Fleet fleet, final String hostId, final int redisPort, final IdleStrategy idle) {
        return start(fleet, hostId, redisPort, idle, 0);
    }

    /**
     * @param fleet           the host's fleet.
     * @param hostId          the host's id.
     * @param redisPort       port of the local redis-server.
     * @param idle            the forwarder's idle strategy, or null for the default.
     * @param eventsMaxLength the events stream's bound, 0 for the default.
     * @return a bridge that runs the host's bridge.
     */
    public static RedisBridge start(
        final Fleet fleet, final String hostId, final int redisPort, final IdleStrategy idle, final long eventsMaxLength) {
        final RedisBridgeBuilder builder = RedisBridge.builder(fleet)
            .redisUri("redis://" + RedisServer.HOST + ":" + redisPort)
            .hostId(hostId)
            .commandTimeout(Duration.ofSeconds(2));
        if (idle != null) {
            builder.idleStrategy(idle);
        }
        if (eventsMaxLength > 0) {
            builder.eventsMaxLength(eventsMaxLength);
        }
        final RedisBridge bridge = builder.build().start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (bridge.state() != BridgeState.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bridge did not become active within 60 s: " + bridge.stats());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return bridge;
    }
}
