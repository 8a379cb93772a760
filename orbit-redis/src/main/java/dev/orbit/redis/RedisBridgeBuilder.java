package dev.orbit.redis;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

import org.agrona.concurrent.IdleStrategy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.RedisClusterClient;

import dev.orbit.fleet.Fleet;

/**
 * Options of a {@link RedisBridge}. Each setter validates its value when called and refuses being called twice.
 * <pre>{@code
 * RedisBridge bridge = RedisBridge.builder(fleet)
 *     .redisUri("redis://redis.internal:6379")
 *     .hostId("web-3")
 *     .build();
 * bridge.start();
 * }</pre>
 * Where Redis is: one of {@link #redisUri(String)} (one Redis, or Sentinel), {@link #redisCluster(String)} (a Redis
 * Cluster, from some of its nodes), {@link #client(RedisClient)} or {@link #clusterClient(RedisClusterClient)}.
 */
public final class RedisBridgeBuilder {

    /** Host ids: 1..64 of {@code [A-Za-z0-9_.:-]}. */
    public static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final Set<String> set = new HashSet<>();
    final Fleet fleet;
    RedisURI uri;
    RedisClient client;
    List<RedisURI> clusterNodes;
    RedisClusterClient clusterClient;
    Duration topologyRefreshInterval = Duration.ofSeconds(10);
    SslOptions sslOptions;
    String hostId;
    Duration commandTimeout = Duration.ofMillis(500);
    Duration membershipInterval = Duration.ofSeconds(1);
    int hostExpiryIntervals = 5;
    long eventsMaxLength = 100_000;
    long invalidationsMaxLength = 100_000;
    int batchSize = 512;
    Duration readBlock = Duration.ofMillis(100);
    Duration bridgeClaimTtl = Duration.ofSeconds(2);
    Duration electionInterval = Duration.ofMillis(100);
    Duration stateInterval = Duration.ofMillis(100);
    Duration releaseInterval = Duration.ofMillis(200);
    Duration sweepInterval = Duration.ofSeconds(1);
    IdleStrategy idleStrategy;
    LongConsumer commandLatency;
    TopicFilter topics = TopicFilter.ALL;

    RedisBridgeBuilder(final Fleet fleet) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
    }

    private void once(final String option) {
        if (!set.add(option)) {
            throw new IllegalStateException("bridge option set twice: " + option);
        }
    }

    /**
     * @param redisUri a Redis URI, e.g. {@code redis://host:6379}, {@code rediss://...}, or a Sentinel URI.
     * @return this.
     */
    public RedisBridgeBuilder redisUri(final String redisUri) {
        Objects.requireNonNull(redisUri, "redisUri");
        final RedisURI parsed;
        try {
            parsed = RedisURI.create(redisUri);
        }
        catch (final RuntimeException ex) {
            throw new IllegalArgumentException("invalid Redis URI: redisUri=" + redisUri + " (" + ex.getMessage() + ")", ex);
        }
        return redisUri(parsed);
    }

    /**
     * @param redisUri where Redis is.
     * @return this.
     */
    public RedisBridgeBuilder redisUri(final RedisURI redisUri) {
        target("redisUri");
        this.uri = Objects.requireNonNull(redisUri, "redisUri");
        return this;
    }

    /**
     * Uses a Redis client the caller owns (and configures: timeouts, reconnects); it is not shut down by the bridge.
     *
     * @param redisClient the client.
     * @return this.
     */
    public RedisBridgeBuilder client(final RedisClient redisClient) {
        target("client");
        this.client = Objects.requireNonNull(redisClient, "client");
        return this;
    }

    /**
     * Connects to a Redis Cluster. The bridge learns the whole topology from any node that answers, follows
     * {@code MOVED} and {@code ASK} redirects, refreshes the topology on redirects, on reconnects and every
     * {@link #topologyRefreshInterval(Duration)}, and reconnects on its own. All keys of a fleet share one hash tag,
     * so a fleet lives in one slot: one node serves it (and its replicas take over on failover).
     *
     * @param nodes some nodes of the cluster, comma-separated: {@code host:port} (IPv6 as {@code [addr]:port}) or
     *              Redis URIs ({@code redis://[user:password@]host:port}, {@code rediss://...} for TLS), e.g.
     *              {@code "10.0.0.1:7000,10.0.0.2:7000"}.
     * @return this.
     * @throws IllegalArgumentException when the list is empty or a node is malformed, naming it.
     */
    public RedisBridgeBuilder redisCluster(final String nodes) {
        Objects.requireNonNull(nodes, "nodes");
        final List<RedisURI> parsed = new ArrayList<>();
        for (final String part : nodes.split(",", -1)) {
            parsed.add(clusterNode(nodes, part.trim()));
        }
        return redisCluster(parsed);
    }

    /**
     * Connects to a Redis Cluster, see {@link #redisCluster(String)}.
     *
     * @param nodes some nodes of the cluster (their credentials and TLS settings are used for every node).
     * @return this.
     * @throws IllegalArgumentException when the list is empty.
     */
    public RedisBridgeBuilder redisCluster(final List<RedisURI> nodes) {
        Objects.requireNonNull(nodes, "nodes");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster needs at least one node: nodes=[] (list one or more " +
                "of its nodes as host:port)");
        }
        target("redisCluster");
        this.clusterNodes = List.copyOf(nodes);
        return this;
    }

    /**
     * Uses a Redis Cluster client the caller owns (and configures: timeouts, reconnects, topology refresh); it is
     * not shut down by the bridge.
     *
     * @param redisClusterClient the client.
     * @return this.
     */
    public RedisBridgeBuilder clusterClient(final RedisClusterClient redisClusterClient) {
        target("clusterClient");
        this.clusterClient = Objects.requireNonNull(redisClusterClient, "clusterClient");
        return this;
    }

    /**
     * @param interval how often the bridge refreshes a Redis Cluster's topology besides on {@code MOVED}/{@code ASK}
     *                 redirects and reconnects (default 10 s), 100 ms .. 1 h; ignored without a cluster.
     * @return this.
     */
    public RedisBridgeBuilder topologyRefreshInterval(final Duration interval) {
        once("topologyRefreshInterval");
        this.topologyRefreshInterval = within("topologyRefreshInterval", interval, Duration.ofMillis(100), Duration.ofHours(1));
        return this;
    }

    /**
     * TLS key and trust material (and protocols, cipher suites) for the connections the bridge opens itself, when
     * the JVM's defaults do not do: a Redis certificate signed by a private authority, or a client certificate.
     * TLS itself is switched on by the URI ({@code rediss://}); a client passed to {@link #client(RedisClient)} or
     * {@link #clusterClient(RedisClusterClient)} keeps its own options.
     *
     * @param options the options, e.g. {@code SslOptions.builder().trustManager(trustManagerFactory).build()}.
     * @return this.
     */
    public RedisBridgeBuilder sslOptions(final SslOptions options) {
        once("sslOptions");
        this.sslOptions = Objects.requireNonNull(options, "sslOptions");
        return this;
    }

    private void target(final String option) {
        if (uri != null || client != null || clusterNodes != null || clusterClient != null) {
            throw new IllegalStateException("set one of redisUri, redisCluster, client or clusterClient, not two: " +
                option + " after " + (uri != null ? "redisUri" : client != null ? "client" :
                clusterNodes != null ? "redisCluster" : "clusterClient"));
        }
        once(option);
    }

    static RedisURI clusterNode(final String nodes, final String node) {
        final String fix = " (list the cluster's nodes as host:port or redis://host:port, comma-separated, e.g. " +
            "\"10.0.0.1:7000,10.0.0.2:7000\")";
        if (node.isEmpty()) {
            throw new IllegalArgumentException("empty Redis Cluster node in nodes=" + nodes + fix);
        }
        if (node.contains("://")) {
            final RedisURI parsed;
            try {
                parsed = RedisURI.create(node);
            }
            catch (final RuntimeException ex) {
                throw new IllegalArgumentException("invalid Redis Cluster node " + node + " in nodes=" + nodes + fix +
                    ": " + ex.getMessage(), ex);
            }
            if (parsed.getHost() == null || parsed.getSentinelMasterId() != null) {
                throw new IllegalArgumentException("invalid Redis Cluster node " + node + " in nodes=" + nodes + fix);
            }
            return parsed;
        }
        final int colon = node.lastIndexOf(':');
        final String host = colon > 0 ? node.substring(0, colon) : "";
        final String port = colon > 0 ? node.substring(colon + 1) : "";
        final String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        final int number;
        try {
            number = Integer.parseInt(port);
        }
        catch (final NumberFormatException ex) {
            throw new IllegalArgumentException("invalid Redis Cluster node " + node + " in nodes=" + nodes +
                ": expected host:port" + fix, ex);
        }
        if (bareHost.isEmpty() || bareHost.contains(" ") || (bareHost.contains(":") && bareHost.equals(host)) ||
            number < 1 || number > 65535) {
            throw new IllegalArgumentException("invalid Redis Cluster node " + node + " in nodes=" + nodes +
                ": expected host:port with a port of 1..65535" + fix);
        }
        return RedisURI.create(bareHost, number);
    }

    /**
     * @param id this host's id, 1..64 of {@code [A-Za-z0-9_.:-]} (default: the host name, other characters replaced
     *           by {@code -}); every process of the host must use the same id, and every host its own.
     * @return this.
     */
    public RedisBridgeBuilder hostId(final String id) {
        once("hostId");
        Objects.requireNonNull(id, "hostId");
        if (!HOST_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid host id: hostId=" + id + " (1..64 of [A-Za-z0-9_.:-])");
        }
        this.hostId = id;
        return this;
    }

    /**
     * @param timeout longest wait for one Redis command in a business call (claims, cache) and in the bridge
     *                (default 500 ms); 1 ms .. 1 min.
     * @return this.
     */
    public RedisBridgeBuilder commandTimeout(final Duration timeout) {
        once("commandTimeout");
        this.commandTimeout = within("commandTimeout", timeout, Duration.ofMillis(1), Duration.ofMinutes(1));
        return this;
    }

    /**
     * @param interval how often the bridge publishes this host's members (default 1 s); a host silent for
     *                 {@link #hostExpiryIntervals(int)} intervals expires.
     * @return this.
     */
    public RedisBridgeBuilder membershipInterval(final Duration interval) {
        once("membershipInterval");
        this.membershipInterval = within("membershipInterval", interval, Duration.ofMillis(10), Duration.ofMinutes(10));
        return this;
    }

    /**
     * @param intervals membership intervals after which a silent host expires (default 5), 2..100.
     * @return this.
     */
    public RedisBridgeBuilder hostExpiryIntervals(final int intervals) {
        once("hostExpiryIntervals");
        if (intervals < 2 || intervals > 100) {
            throw new IllegalArgumentException("hostExpiryIntervals must be 2..100: hostExpiryIntervals=" + intervals);
        }
        this.hostExpiryIntervals = intervals;
        return this;
    }

    /**
     * @param length approximate most entries of the events stream, {@code MAXLEN ~} (default 100,000): a host that
     *               falls further behind is told how many it missed.
     * @return this.
     */
    public RedisBridgeBuilder eventsMaxLength(final long length) {
        once("eventsMaxLength");
        this.eventsMaxLength = positiveLength("eventsMaxLength", length);
        return this;
    }

    /**
     * @param length approximate most entries of the cache invalidation stream (default 100,000): a host that falls
     *               further behind clears its near caches.
     * @return this.
     */
    public RedisBridgeBuilder invalidationsMaxLength(final long length) {
        once("invalidationsMaxLength");
        this.invalidationsMaxLength = positiveLength("invalidationsMaxLength", length);
        return this;
    }

    /**
     * @param size most events forwarded in one script call (default 512), 1..4096.
     * @return this.
     */
    public RedisBridgeBuilder batchSize(final int size) {
        once("batchSize");
        if (size < 1 || size > 4096) {
            throw new IllegalArgumentException("batchSize must be 1..4096: batchSize=" + size);
        }
        this.batchSize = size;
        return this;
    }

    /**
     * @param block longest block of one stream read (default 100 ms); also bounds how late housekeeping runs.
     * @return this.
     */
    public RedisBridgeBuilder readBlock(final Duration block) {
        once("readBlock");
        this.readBlock = within("readBlock", block, Duration.ofMillis(1), Duration.ofSeconds(10));
        return this;
    }

    /**
     * @param ttl time to live of the local claim that elects the host's bridge (default 2 s, renewed every quarter):
     *            a bridge process that stalls longer is replaced; one that dies is replaced at once.
     * @return this.
     */
    public RedisBridgeBuilder bridgeClaimTtl(final Duration ttl) {
        once("bridgeClaimTtl");
        this.bridgeClaimTtl = within("bridgeClaimTtl", ttl, Duration.ofMillis(100), Duration.ofMinutes(10));
        return this;
    }

    /**
     * @param interval how often a standby process tries to become the host's bridge (default 100 ms).
     * @return this.
     */
    public RedisBridgeBuilder electionInterval(final Duration interval) {
        once("electionInterval");
        this.electionInterval = within("electionInterval", interval, Duration.ofMillis(1), Duration.ofSeconds(10));
        return this;
    }

    /**
     * @param interval how often the bridge releases fleet claims of this host's gone processes (default 200 ms).
     * @return this.
     */
    public RedisBridgeBuilder releaseInterval(final Duration interval) {
        once("releaseInterval");
        this.releaseInterval = within("releaseInterval", interval, Duration.ofMillis(10), Duration.ofMinutes(1));
        return this;
    }

    /**
     * @param idle how the forwarder waits for local events and for Redis's replies. By default it sleeps until a
     *             process of the fleet commits an event (the ring's eventcount, as {@code WakeUpIdleStrategy}, with a
     *             {@value Forwarder#WAKE_UP_TIMEOUT_MS} ms safety timeout) and parks up to 100 us while a batch awaits
     *             its reply; a strategy given here is used for both.
     * @return this.
     */
    public RedisBridgeBuilder idleStrategy(final IdleStrategy idle) {
        once("idleStrategy");
        this.idleStrategy = Objects.requireNonNull(idle, "idleStrategy");
        return this;
    }

    /**
     * @param filter the topics whose local events this host carries to the other hosts (default: all); events of
     *               other topics stay on this host. Every host brings in whatever the others carry.
     * @return this.
     */
    public RedisBridgeBuilder topics(final TopicFilter filter) {
        once("topics");
        this.topics = Objects.requireNonNull(filter, "topics");
        return this;
    }

    /**
     * @param recorder called with the round trip in nanoseconds of every successful Redis command of this process
     *                 (e.g. a Micrometer {@code Timer}); it runs on the calling thread, so it must be quick and must
     *                 not throw.
     * @return this.
     */
    public RedisBridgeBuilder commandLatency(final LongConsumer recorder) {
        once("commandLatency");
        this.commandLatency = Objects.requireNonNull(recorder, "commandLatency");
        return this;
    }

    /**
     * @return the bridge, not started.
     * @throws IllegalStateException when no Redis was set.
     */
    public RedisBridge build() {
        if (uri == null && client == null && clusterNodes == null && clusterClient == null) {
            throw new IllegalStateException("where Redis is is required: call redisUri(...), redisCluster(...), " +
                "client(...) or clusterClient(...)");
        }
        if (hostId == null) {
            hostId = defaultHostId();
        }
        return new RedisBridge(this);
    }

    static String defaultHostId() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        }
        catch (final Exception ex) {
            name = "localhost";
        }
        final String cleaned = name.replaceAll("[^A-Za-z0-9_.:-]", "-");
        return cleaned.isEmpty() ? "localhost" : cleaned.substring(0, Math.min(64, cleaned.length()));
    }

    private static Duration within(final String option, final Duration value, final Duration min, final Duration max) {
        Objects.requireNonNull(value, option);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(option + " must be from " + min + " to " + max + ": " + option + "=" + value);
        }
        return value;
    }

    private static long positiveLength(final String option, final long value) {
        if (value < 16 || value > 1_000_000_000L) {
            throw new IllegalArgumentException(option + " must be 16..1000000000: " + option + "=" + value);
        }
        return value;
    }
}
