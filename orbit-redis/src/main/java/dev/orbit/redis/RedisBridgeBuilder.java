package dev.orbit.redis;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

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
 */
public final class RedisBridgeBuilder {

    /** Host ids: 1..64 of {@code [A-Za-z0-9_.:-]}. */
    public static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final Set<String> set = new HashSet<>();
    final Fleet fleet;
    RedisURI uri;
    RedisClient client;
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
        once("redisUri");
        if (client != null) {
            throw new IllegalStateException("set either redisUri or client, not both");
        }
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
        once("client");
        if (uri != null) {
            throw new IllegalStateException("set either redisUri or client, not both");
        }
        this.client = Objects.requireNonNull(redisClient, "client");
        return this;
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
     * @param idle how the forwarder waits for local events (default: backoff, parking up to 100 us).
     * @return this.
     */
    public RedisBridgeBuilder idleStrategy(final IdleStrategy idle) {
        once("idleStrategy");
        this.idleStrategy = Objects.requireNonNull(idle, "idleStrategy");
        return this;
    }

    /**
     * @return the bridge, not started.
     * @throws IllegalStateException when neither a Redis URI nor a client was set.
     */
    public RedisBridge build() {
        if (uri == null && client == null) {
            throw new IllegalStateException("a Redis URI or client is required: call redisUri(...) or client(...)");
        }
        if (hostId == null) {
            hostId = defaultHostId();
        }
        if (idleStrategy == null) {
            idleStrategy = new BackoffIdleStrategy(100, 10, 1_000, 100_000);
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
