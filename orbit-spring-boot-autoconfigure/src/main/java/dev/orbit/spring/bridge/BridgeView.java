package dev.orbit.spring.bridge;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orbit.fleet.Host;
import dev.orbit.fleet.HostMember;
import dev.orbit.redis.BridgeStats;
import dev.orbit.redis.RedisBridge;

/**
 * The bridge's state and the fleet's hosts as plain maps, for health details and the endpoint.
 */
public final class BridgeView {

    private BridgeView() {
    }

    /**
     * @param bridge this process's bridge handle.
     * @param hostMaxAge a host reported longer ago than this is stale.
     * @return the bridge's state: host, state, connected, active, lag, counters, last error.
     */
    public static Map<String, Object> bridge(RedisBridge bridge, Duration hostMaxAge) {
        BridgeStats stats = bridge.stats();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("hostId", stats.hostId());
        view.put("hostEpoch", Long.toHexString(stats.hostEpoch()));
        view.put("state", stats.state().name());
        view.put("active", bridge.isActive());
        view.put("connected", bridge.isConnected());
        view.put("forwarded", stats.forwarded());
        view.put("received", stats.received());
        view.put("lag", stats.forwardLag());
        view.put("lost", stats.lost());
        view.put("duplicates", stats.duplicates());
        view.put("reconnects", stats.reconnects());
        view.put("redisFailures", stats.redisFailures());
        view.put("redisLatencyMicros", stats.redisLatencyNanos() / 1_000);
        if (stats.lastError() != null) {
            view.put("lastError", stats.lastError());
            view.put("lastErrorAtMs", stats.lastErrorAtMs());
        }
        view.put("hostMaxAgeMs", hostMaxAge.toMillis());
        return view;
    }

    /**
     * @param hosts the fleet's hosts.
     * @return each host with its state, last report and members.
     */
    public static List<Map<String, Object>> hosts(List<Host> hosts) {
        return hosts.stream().map(BridgeView::host).toList();
    }

    private static Map<String, Object> host(Host host) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("hostId", host.hostId());
        view.put("hostEpoch", Long.toHexString(host.hostEpoch()));
        view.put("local", host.local());
        view.put("state", host.state().name());
        view.put("lastSeenMs", host.lastSeenMs());
        view.put("bridgeNode", host.bridgeNode());
        view.put("members", host.members().stream().map(BridgeView::member).toList());
        if (host.omitted() > 0) {
            view.put("omitted", host.omitted());
        }
        return view;
    }

    private static Map<String, Object> member(HostMember member) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("nodeId", member.nodeId());
        view.put("pid", member.pid());
        view.put("label", member.label());
        view.put("state", member.state().name());
        view.put("lastSeenMs", member.lastSeenMs());
        return view;
    }

}
