package dev.orbit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.orbit.fleet.Fleet;
import dev.orbit.testsupport.Await;

/**
 * Hosts as process-local fleets of one fleet name in one JVM, each with its own bridge: the harness of the tests
 * that run the bridge's functions without child processes. Closing closes every fleet and bridge it made, newest
 * first.
 */
final class InProcessHosts implements AutoCloseable {

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final String fleetName;
    private final UnaryOperator<RedisBridgeBuilder> redis;
    private final Duration activeWithin;

    /**
     * @param namePrefix   start of the fleet's name; the rest makes it unique to this run.
     * @param redis        where Redis is, and any other option the hosts share.
     * @param activeWithin how long a new host's bridge may take to become active.
     */
    InProcessHosts(final String namePrefix, final UnaryOperator<RedisBridgeBuilder> redis, final Duration activeWithin) {
        this.fleetName = namePrefix + Long.toHexString(System.nanoTime());
        this.redis = redis;
        this.activeWithin = activeWithin;
    }

    String fleetName() {
        return fleetName;
    }

    /**
     * @return a new handle on the fleet, closed with the hosts.
     */
    Fleet fleet() {
        final Fleet fleet = Fleet.builder().name(fleetName).join();
        closeables.add(fleet);
        return fleet;
    }

    /**
     * Joins the fleet as a new host and starts its bridge (membership every 200 ms).
     *
     * @return the bridge, once active.
     */
    RedisBridge host(final String hostId) {
        final RedisBridge bridge = redis.apply(RedisBridge.builder(fleet())).hostId(hostId)
            .membershipInterval(Duration.ofMillis(200)).build();
        closeables.add(bridge);
        bridge.start();
        Await.until(activeWithin, () -> bridge.state() == BridgeState.ACTIVE, () -> "bridge active: " + bridge.stats());
        return bridge;
    }

    @Override
    public void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        closeables.clear();
    }
}
