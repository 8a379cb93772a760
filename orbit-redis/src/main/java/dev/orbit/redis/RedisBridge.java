package dev.orbit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.Host;
import dev.orbit.internal.FleetInternals;
import dev.orbit.ring.RingSpec;

/**
 * One process's handle on the Redis tier of a fleet that spans hosts. Every process of a host that wants events,
 * caches, claims and membership across hosts starts one; exactly one of them at a time runs the host's
 * <b>bridge</b>, elected with the local contest (subject {@value #BRIDGE_SUBJECT}, renewed every quarter of its
 * time to live). When that process dies, membership ends its claim at once and a sibling takes over within the
 * election interval; everything a successor needs is in Redis or in the host's segments.
 * <p>
 * The bridge forwards events published on this host into the fleet's Redis stream, brings events of other hosts
 * into the local event ring (marked with their origin and stream id, never sent back), applies cache
 * invalidations to this host's near caches, publishes this host's members and reports every host's in the bridge
 * ring ({@link Fleet#hosts(Duration)}), releases fleet claims of this host's processes that died, and sweeps
 * the keys of cleared cache generations.
 * <p>
 * Redis is one server, a Sentinel-managed master or a Redis Cluster ({@link RedisBridgeBuilder#redisCluster(String)}):
 * all keys of a fleet share one hash tag, so on a Cluster the fleet lives in one slot and the bridge follows that
 * slot's node through redirects, failovers and topology refreshes.
 * <p>
 * Every process can use {@link #claims()} (fleet-wide claims) and {@link #cache(String)} (a near cache per host
 * over Redis), whether or not it runs the bridge. Redis trouble never blocks a call longer than the command
 * timeout; see the README's "Across hosts" section for what is lost when.
 * <p>
 * Thread-safe. {@link #start()} once, {@link #close()} to stop (a sibling takes over at once).
 */
public final class RedisBridge implements AutoCloseable {

    /** The local claim subject that elects the host's bridge. */
    public static final String BRIDGE_SUBJECT = "orbit.bridge";

    static final Subject SUBJECT = Subject.of(BRIDGE_SUBJECT);

    final Fleet fleet;
    final FleetInternals internals;
    final String hostId;
    final byte[] hostIdBytes;
    final long hostEpoch;
    final String hostEpochHex;
    final Keys keys;
    final RedisLink link;
    final Counters counters = new Counters();
    final RedisBridgeBuilder config;
    private final FleetClaims claims;
    private final ConcurrentMap<String, FleetCache> caches = new ConcurrentHashMap<>();
    private volatile BridgeState state = BridgeState.NEW;
    private volatile boolean running;
    private volatile ActiveBridge active;
    private volatile String lastError;
    private volatile long lastErrorAtMs;
    private Thread thread;

    RedisBridge(final RedisBridgeBuilder builder) {
        this.config = builder;
        this.fleet = builder.fleet;
        this.internals = (FleetInternals)fleet;
        this.hostId = builder.hostId;
        this.hostIdBytes = hostId.getBytes(StandardCharsets.UTF_8);
        this.hostEpoch = fleet.hostEpoch();
        this.hostEpochHex = Long.toHexString(hostEpoch);
        this.keys = new Keys(fleet.name());
        this.link = new RedisLink(builder.uri, builder.client, builder.clusterNodes, builder.clusterClient,
            builder.topologyRefreshInterval, builder.sslOptions, builder.commandTimeout, fleet.clock());
        this.link.latencyRecorder(builder.commandLatency);
        this.claims = new FleetClaims(this);
    }

    /**
     * @param fleet the fleet of this process.
     * @return a builder.
     */
    public static RedisBridgeBuilder builder(final Fleet fleet) {
        return new RedisBridgeBuilder(fleet);
    }

    /**
     * Connects to Redis (waiting at most the connect timeout: the command timeout, at least 2 s) and starts the
     * election thread; returns also when Redis is not reachable yet (then it keeps trying in the background).
     *
     * @return this.
     * @throws IllegalStateException when started twice or closed.
     */
    public synchronized RedisBridge start() {
        if (state != BridgeState.NEW) {
            throw new IllegalStateException("bridge already started or closed: state=" + state);
        }
        running = true;
        state = BridgeState.STANDBY;
        // Connect now, so calls right after start find the connection open (bounded: a Redis that does not answer
        // is retried in the background).
        link.probe();
        thread = new Thread(this::run, "orbit-bridge-" + fleet.name());
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * @return where this handle stands.
     */
    public BridgeState state() {
        return state;
    }

    /**
     * @return true while this process runs the host's bridge.
     */
    public boolean isActive() {
        final BridgeState current = state;
        return current == BridgeState.ACTIVE || current == BridgeState.DEGRADED;
    }

    /**
     * @return true while this process has its connection to Redis open and the latest command on it succeeded;
     *     false before the first connection, while Redis is unreachable, and for a short while after a failure.
     */
    public boolean isConnected() {
        return link.connected() && link.available();
    }

    /**
     * @return this host's id.
     */
    public String hostId() {
        return hostId;
    }

    /**
     * @return this host's epoch.
     */
    public long hostEpoch() {
        return hostEpoch;
    }

    /**
     * @return the fleet.
     */
    public Fleet fleet() {
        return fleet;
    }

    /**
     * @return fleet-wide claims.
     */
    public FleetClaims claims() {
        return claims;
    }

    /**
     * @param name a cache name ({@code [A-Za-z0-9_.-]}, 1..64).
     * @return the cache of that name: Redis holds the fleet-wide value, this host's Orbit cache of the same name
     *     (the fleet's default cache spec) is the near cache.
     */
    public FleetCache cache(final String name) {
        return caches.computeIfAbsent(name, n -> new FleetCache(this, fleet.cache(n)));
    }

    /**
     * @param name a cache name.
     * @param spec the near cache's ring spec; must match an existing near cache of that name on this host.
     * @return the cache.
     */
    public FleetCache cache(final String name, final RingSpec spec) {
        return caches.computeIfAbsent(name, n -> new FleetCache(this, fleet.cache(n, spec)));
    }

    /**
     * @param maxAge a host or member reported longer ago than this is stale.
     * @return the fleet's hosts as this host's bridge last reported them.
     */
    public List<Host> hosts(final Duration maxAge) {
        return fleet.hosts(maxAge);
    }

    /**
     * @return counters since start.
     */
    public BridgeStats stats() {
        final Counters c = counters;
        final long outbound = c.outboundLost.sum();
        final long missed = c.inboundMissed.sum();
        final long inject = c.injectLost.sum();
        final String linkError = link.lastError();
        final boolean linkNewer = linkError != null && link.lastErrorAtMs() >= lastErrorAtMs;
        return new BridgeStats(
            state,
            hostId,
            hostEpoch,
            c.activations.sum(),
            c.forwarded.sum(),
            isActive() ? c.forwardLag : 0,
            c.received.sum(),
            outbound + missed + inject,
            outbound,
            missed,
            inject,
            c.duplicates.sum(),
            c.streamResets.sum(),
            c.invalidations.sum(),
            c.nearCacheClears.sum(),
            c.claimsReleased.sum(),
            c.reconnects.sum(),
            link.failures(),
            link.latencyNs(),
            linkNewer ? linkError : lastError,
            linkNewer ? link.lastErrorAtMs() : lastErrorAtMs);
    }

    void noteError(final String message) {
        lastError = message;
        lastErrorAtMs = fleet.clock().time();
    }

    void state(final BridgeState next) {
        if (state != BridgeState.CLOSED) {
            state = next;
        }
    }

    private void run() {
        final long electionNs = config.electionInterval.toNanos();
        final String owner = "bridge@" + ProcessHandle.current().pid();
        while (running) {
            try {
                final ActiveBridge current = active;
                if (current == null) {
                    state(BridgeState.STANDBY);
                    if (!link.connected()) {
                        // Business calls of this process use the shared connection; the bridge thread keeps it open.
                        link.probe();
                    }
                    final ClaimResult result = fleet.contest().tryClaim(SUBJECT, owner, config.bridgeClaimTtl);
                    if (result instanceof Claimed claimed) {
                        counters.activations.increment();
                        active = new ActiveBridge(this, claimed.guard());
                    }
                    else {
                        LockSupport.parkNanos(this, electionNs);
                    }
                }
                else if (!current.step()) {
                    current.stop(false);
                    active = null;
                }
            }
            catch (final RuntimeException ex) {
                // A bug or a broken fleet handle: note it, step down and try again; never leave the host without
                // a bridge because one step failed.
                noteError("bridge: " + ex);
                final ActiveBridge current = active;
                if (current != null) {
                    current.stop(false);
                    active = null;
                }
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        final ActiveBridge current = active;
        if (current != null) {
            current.stop(true);
            active = null;
        }
    }

    boolean running() {
        return running;
    }

    /**
     * Stops the bridge (a sibling takes over at once), closes the connections. Idempotent.
     */
    @Override
    public void close() {
        final Thread runner;
        synchronized (this) {
            if (state == BridgeState.CLOSED) {
                return;
            }
            running = false;
            runner = thread;
        }
        if (runner != null) {
            LockSupport.unpark(runner);
            try {
                runner.join(TimeUnit.SECONDS.toMillis(10) + config.readBlock.toMillis() + config.commandTimeout.toMillis());
            }
            catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        state = BridgeState.CLOSED;
        link.close();
    }

    @Override
    public String toString() {
        return "RedisBridge(fleet=" + fleet.name() + ", host=" + hostId + ", state=" + state + ")";
    }

    static byte[] utf8(final String text) {
        return Objects.requireNonNull(text).getBytes(StandardCharsets.UTF_8);
    }
}
