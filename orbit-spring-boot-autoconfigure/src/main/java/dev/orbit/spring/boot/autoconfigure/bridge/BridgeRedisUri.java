package dev.orbit.spring.boot.autoconfigure.bridge;

import java.util.List;

import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;
import io.lettuce.core.RedisURI;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Sentinel;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Standalone;

/**
 * The Redis URI of the bridge from Spring Boot's Redis connection details: standalone (host, port, database) or
 * Sentinel (master name, sentinel nodes and their credentials), with username, password and TLS.
 */
final class BridgeRedisUri {

    private BridgeRedisUri() {
    }

    /**
     * @param details the connection details.
     * @return the URI.
     * @throws InvalidOrbitPropertyException for a Redis Cluster or master/replica configuration, which one bridge
     *     connection cannot follow.
     */
    static RedisURI of(DataRedisConnectionDetails details) {
        if (details.getCluster() != null) {
            throw new InvalidOrbitPropertyException("spring.data.redis.cluster.nodes",
                    nodes(details.getCluster().getNodes()),
                    "the Orbit bridge connects to a standalone or Sentinel-managed Redis; it does not follow a "
                            + "Redis Cluster's topology yet",
                    "point the application at a standalone or Sentinel Redis for the bridge, or set "
                            + "orbit.bridge.redis.enabled=false");
        }
        if (details.getMasterReplica() != null) {
            throw new InvalidOrbitPropertyException("spring.data.redis.masterreplica.nodes",
                    nodes(details.getMasterReplica().getNodes()),
                    "the Orbit bridge writes on every call and needs the master: a static master/replica "
                            + "configuration is not supported",
                    "use Sentinel (spring.data.redis.sentinel.*) or a standalone address, or set "
                            + "orbit.bridge.redis.enabled=false");
        }
        RedisURI.Builder builder;
        Sentinel sentinel = details.getSentinel();
        if (sentinel != null) {
            List<Node> nodes = sentinel.getNodes();
            if (nodes == null || nodes.isEmpty()) {
                throw new InvalidOrbitPropertyException("spring.data.redis.sentinel.nodes", "",
                        "Sentinel needs at least one node", "list the sentinels as host:port, comma-separated");
            }
            builder = RedisURI.builder().withSentinelMasterId(sentinel.getMaster());
            for (Node node : nodes) {
                RedisURI.Builder sentinelUri = RedisURI.builder().withHost(node.host()).withPort(node.port());
                if (sentinel.getPassword() != null) {
                    if (sentinel.getUsername() != null) {
                        sentinelUri.withAuthentication(sentinel.getUsername(), sentinel.getPassword().toCharArray());
                    }
                    else {
                        sentinelUri.withPassword(sentinel.getPassword().toCharArray());
                    }
                }
                builder.withSentinel(sentinelUri.build());
            }
            builder.withDatabase(sentinel.getDatabase());
        }
        else {
            Standalone standalone = details.getStandalone();
            builder = RedisURI.builder()
                .withHost(standalone.getHost())
                .withPort(standalone.getPort())
                .withDatabase(standalone.getDatabase());
        }
        if (details.getPassword() != null) {
            if (details.getUsername() != null) {
                builder.withAuthentication(details.getUsername(), details.getPassword().toCharArray());
            }
            else {
                builder.withPassword(details.getPassword().toCharArray());
            }
        }
        if (details.getSslBundle() != null) {
            builder.withSsl(true);
        }
        return builder.build();
    }

    /**
     * @param uri a URI.
     * @return where it points, without credentials: {@code host:port}, or the Sentinel master and sentinels.
     */
    static String address(RedisURI uri) {
        if (uri.getSentinelMasterId() != null) {
            return "Sentinel master '" + uri.getSentinelMasterId() + "' via " + uri.getSentinels()
                .stream()
                .map((s) -> s.getHost() + ":" + s.getPort())
                .toList();
        }
        return uri.getHost() + ":" + uri.getPort() + ((uri.getDatabase() != 0) ? "/" + uri.getDatabase() : "");
    }

    private static String nodes(List<Node> nodes) {
        return (nodes != null) ? String.join(",", nodes.stream().map((n) -> n.host() + ":" + n.port()).toList()) : "";
    }

}
