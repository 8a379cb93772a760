package dev.orbit.spring.boot.autoconfigure.bridge;

import java.util.List;

import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Sentinel;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Standalone;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the bridge's Redis is, from Spring Boot's Redis connection details: standalone (host, port, database),
 * Sentinel (master name, sentinel nodes and their credentials) or Cluster (its nodes), with username, password and
 * TLS.
 */
final class BridgeRedisUri {

    private BridgeRedisUri() {
    }

    /**
     * @param details the connection details.
     * @return true when they name a Redis Cluster ({@code spring.data.redis.cluster.nodes}).
     */
    static boolean isCluster(DataRedisConnectionDetails details) {
        return details.getCluster() != null;
    }

    /**
     * @param details the connection details of a Redis Cluster.
     * @return its nodes, each with the credentials and TLS of the connection details.
     * @throws InvalidOrbitPropertyException when the node list is empty or malformed.
     */
    static List<RedisURI> clusterNodes(DataRedisConnectionDetails details) {
        List<Node> nodes;
        try {
            nodes = details.getCluster().getNodes();
        }
        catch (RuntimeException ex) {
            throw new InvalidOrbitPropertyException("spring.data.redis.cluster.nodes", ex.getMessage(),
                    "a Redis Cluster node is malformed", "list some of the cluster's nodes as host:port, "
                            + "comma-separated, e.g. 10.0.0.1:7000,10.0.0.2:7000");
        }
        if (nodes == null || nodes.isEmpty()) {
            throw new InvalidOrbitPropertyException("spring.data.redis.cluster.nodes", "",
                    "a Redis Cluster needs at least one node", "list some of the cluster's nodes as host:port, "
                            + "comma-separated, e.g. 10.0.0.1:7000,10.0.0.2:7000");
        }
        return nodes.stream().map((node) -> {
            if (node.host() == null || node.host().isBlank() || node.port() < 1 || node.port() > 65535) {
                throw new InvalidOrbitPropertyException("spring.data.redis.cluster.nodes", nodes(nodes),
                        "node " + node.host() + ":" + node.port() + " is not a host:port with a port of 1..65535",
                        "list some of the cluster's nodes as host:port, comma-separated, e.g. "
                                + "10.0.0.1:7000,10.0.0.2:7000");
            }
            return credentials(details, RedisURI.builder().withHost(node.host()).withPort(node.port())).build();
        }).toList();
    }

    /**
     * @param details the connection details of a standalone or Sentinel-managed Redis.
     * @return the URI.
     * @throws InvalidOrbitPropertyException for a master/replica configuration, which the bridge does not follow.
     */
    static RedisURI of(DataRedisConnectionDetails details) {
        if (details.getMasterReplica() != null) {
            throw new InvalidOrbitPropertyException("spring.data.redis.masterreplica.nodes",
                    nodes(details.getMasterReplica().getNodes()),
                    "the Orbit bridge writes on every call and needs the master: a static master/replica "
                            + "configuration is not supported",
                    "use Sentinel (spring.data.redis.sentinel.*), a Redis Cluster (spring.data.redis.cluster.nodes) "
                            + "or a standalone address, or set orbit.bridge.redis.enabled=false");
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
        return credentials(details, builder).build();
    }

    private static RedisURI.Builder credentials(DataRedisConnectionDetails details, RedisURI.Builder builder) {
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
        return builder;
    }

    /**
     * The key and trust material of the connection's SSL bundle ({@code spring.data.redis.ssl.bundle}), with its
     * protocols and cipher suites when it names them, as Lettuce's TLS options.
     *
     * @param bundle the bundle.
     * @return the options.
     */
    static SslOptions sslOptions(SslBundle bundle) {
        SslOptions.Builder options = SslOptions.builder()
            .jdkSslProvider()
            .keyManager(bundle.getManagers().getKeyManagerFactory())
            .trustManager(bundle.getManagers().getTrustManagerFactory());
        org.springframework.boot.ssl.SslOptions named = bundle.getOptions();
        if (named.getEnabledProtocols() != null) {
            options.protocols(named.getEnabledProtocols());
        }
        if (named.getCiphers() != null) {
            options.cipherSuites(named.getCiphers());
        }
        return options.build();
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

    /**
     * @param nodes a Redis Cluster's nodes.
     * @return where they are, without credentials.
     */
    static String address(List<RedisURI> nodes) {
        return "Redis Cluster via " + nodes.stream().map((n) -> n.getHost() + ":" + n.getPort()).toList();
    }

    private static String nodes(List<Node> nodes) {
        return (nodes != null) ? String.join(",", nodes.stream().map((n) -> n.host() + ":" + n.port()).toList()) : "";
    }

}
