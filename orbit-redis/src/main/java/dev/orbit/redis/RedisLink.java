package dev.orbit.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.agrona.concurrent.EpochClock;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * One process's way to Redis: a Lettuce client, a shared connection for short commands (claims, cache, the
 * bridge's housekeeping), dedicated connections on demand (the forwarder's pipeline, the blocking stream read),
 * and a breaker that keeps business calls from waiting on a Redis that just failed.
 * <p>
 * The client is a {@link RedisClient} (one Redis, or the master a Sentinel names) or a {@link RedisClusterClient}
 * (Redis Cluster: commands routed by key slot, {@code MOVED}/{@code ASK} followed, the topology refreshed on
 * redirects, on reconnects and periodically). The bridge sees neither: it runs every command through the command
 * interfaces both share ({@link RedisClusterCommands}, {@link RedisClusterAsyncCommands}) on a {@link Connection}.
 * Every key of a fleet carries the fleet's hash tag ({@link Keys}), so on a Cluster all of a fleet's keys, and so
 * every script and every multi-stream read, live in one slot of one node.
 * <p>
 * Every command waits at most the command timeout; connections are opened by the bridge's threads only, never in a
 * business call. A failure (timeout, refused or lost connection, a Redis that
 * answers with a non-script error) opens the breaker for {@code retryAfter}: calls then fail at once with
 * {@link Unavailable} naming the last error, until one call tries again. Lettuce reconnects on its own (with a
 * delay capped at one second) and rejects commands while disconnected instead of queueing them.
 */
final class RedisLink implements AutoCloseable {

    /**
     * Redis could not be reached within the timeout, or answered with an error: the caller degrades.
     */
    static final class Unavailable extends Exception {

        private static final long serialVersionUID = 1L;

        Unavailable(final String message, final Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final ClientResources resources;
    private final boolean ownsClient;
    private final Duration timeout;
    private final long retryAfterNs;
    private final EpochClock clock;
    private final java.util.concurrent.locks.ReentrantLock opening = new java.util.concurrent.locks.ReentrantLock();
    private final LongAdder failures = new LongAdder();
    private volatile Connection shared;
    private volatile long openUntilNs;
    private volatile String lastError;
    private volatile long lastErrorAtMs;
    private volatile long latencyNs;
    private volatile java.util.function.LongConsumer latencyRecorder;
    private volatile boolean closed;

    RedisLink(final RedisURI uri, final RedisClient userClient, final Duration timeout, final EpochClock clock) {
        this(uri, userClient, null, null, null, null, timeout, clock);
    }

    /**
     * @param uri              one Redis (or a Sentinel URI), or null.
     * @param userClient       a client the caller owns, or null.
     * @param clusterNodes     seed nodes of a Redis Cluster, or null.
     * @param userClusterClient a cluster client the caller owns, or null.
     * @param topologyRefresh  how often the cluster topology is refreshed besides on redirects and reconnects.
     * @param ssl              TLS key and trust material for the clients made here, or null for the JVM's defaults.
     * @param timeout          the command timeout.
     * @param clock            the fleet's clock.
     */
    RedisLink(
        final RedisURI uri,
        final RedisClient userClient,
        final List<RedisURI> clusterNodes,
        final RedisClusterClient userClusterClient,
        final Duration topologyRefresh,
        final SslOptions ssl,
        final Duration timeout,
        final EpochClock clock) {
        this.timeout = timeout;
        this.retryAfterNs = Math.max(TimeUnit.MILLISECONDS.toNanos(100), Math.min(timeout.toNanos(), TimeUnit.SECONDS.toNanos(1)));
        this.clock = clock;
        if (userClient != null || userClusterClient != null) {
            this.client = userClient;
            this.clusterClient = userClusterClient;
            this.resources = null;
            this.ownsClient = false;
            return;
        }
        this.resources = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
        this.ownsClient = true;
        final SocketOptions socket = SocketOptions.builder().connectTimeout(connectTimeout(timeout)).keepAlive(true).build();
        if (clusterNodes != null) {
            this.client = null;
            // The URIs' timeout bounds connecting to each node (the handshake included), as below.
            this.clusterClient = RedisClusterClient.create(resources, clusterNodes.stream()
                .map(node -> RedisURI.builder(node).withTimeout(connectTimeout(timeout)).build())
                .toList());
            clusterClient.setOptions(ClusterClientOptions.builder()
                .sslOptions(ssl != null ? ssl : SslOptions.create())
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(socket)
                .validateClusterNodeMembership(false)
                // A node the cluster marks failing (or a dead master after its replica took over) is left out of the
                // topology: a new connection would otherwise try it first and fail until it came back.
                .nodeFilter(node -> !node.is(RedisClusterNode.NodeFlag.FAIL) &&
                    !node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL) && !node.is(RedisClusterNode.NodeFlag.NOADDR))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                    .enablePeriodicRefresh(topologyRefresh)
                    // MOVED, ASK, persistent reconnects and unknown nodes refresh the topology at once.
                    .enableAllAdaptiveRefreshTriggers()
                    .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                    .dynamicRefreshSources(true)
                    .closeStaleConnections(true)
                    .build())
                .build());
        }
        else {
            this.clusterClient = null;
            // The URI's timeout bounds connecting (the handshake included); its default is a minute, which would let
            // one reconnect to a frozen Redis hold the bridge thread far past its claim's time to live.
            this.client = RedisClient.create(resources, RedisURI.builder(uri).withTimeout(connectTimeout(timeout)).build());
            client.setOptions(ClientOptions.builder()
                .sslOptions(ssl != null ? ssl : SslOptions.create())
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(socket)
                .build());
        }
    }

    /**
     * @return true when this link talks to a Redis Cluster.
     */
    boolean cluster() {
        return clusterClient != null;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Connections are opened by the bridge's own threads only (never inside a business call), so they may take
     * longer than one command: a cold JVM's first connection loads Netty and Lettuce.
     */
    static Duration connectTimeout(final Duration commandTimeout) {
        final Duration floor = Duration.ofSeconds(2);
        return commandTimeout.compareTo(floor) > 0 ? commandTimeout : floor;
    }

    /**
     * @return true while the shared connection is open (Lettuce may be reconnecting it).
     */
    boolean connected() {
        return shared != null;
    }

    /**
     * @return false while the breaker is open after a failure.
     */
    boolean available() {
        return !closed && System.nanoTime() - openUntilNs >= 0;
    }

    String lastError() {
        return lastError;
    }

    long lastErrorAtMs() {
        return lastErrorAtMs;
    }

    long failures() {
        return failures.sum();
    }

    void latencyRecorder(final java.util.function.LongConsumer recorder) {
        this.latencyRecorder = recorder;
    }

    private void latency(final long ns) {
        latencyNs = ns;
        final java.util.function.LongConsumer recorder = latencyRecorder;
        if (recorder != null) {
            recorder.accept(ns);
        }
    }

    long latencyNs() {
        return latencyNs;
    }

    /**
     * Opens a connection of its own (for a pipeline or a blocking read), whose commands wait at most
     * {@code commandTimeout}.
     */
    Connection connect(final Duration commandTimeout) throws Unavailable {
        try {
            final Connection connection = clusterClient != null ?
                new Connection(clusterClient.connect(ByteArrayCodec.INSTANCE)) :
                new Connection(client.connect(ByteArrayCodec.INSTANCE));
            connection.raw().setTimeout(commandTimeout);
            return connection;
        }
        catch (final RuntimeException ex) {
            throw failed("connect", ex);
        }
    }

    /**
     * The shared connection for a command; a business call never opens it (the bridge's thread does, see
     * {@link #probe()}), so it never waits for a connect.
     */
    private Connection shared() throws Unavailable {
        final Connection connection = shared;
        if (connection == null) {
            throw new Unavailable("Redis unreachable: not connected (reconnecting in the background); last error: " +
                lastError, null);
        }
        return connection;
    }

    /**
     * Opens the shared connection if it is not open; called by the bridge's thread.
     */
    private Connection openShared() throws Unavailable {
        Connection connection = shared;
        if (connection != null) {
            return connection;
        }
        opening.lock();
        try {
            connection = shared;
            if (connection == null) {
                if (closed) {
                    throw new Unavailable("bridge closed", null);
                }
                connection = connect(timeout);
                shared = connection;
            }
            return connection;
        }
        finally {
            opening.unlock();
        }
    }

    /**
     * Runs commands on the shared connection.
     */
    <T> T call(final String what, final Call<T> call) throws Unavailable {
        if (!available()) {
            throw new Unavailable("Redis unreachable (retrying shortly): last error: " + lastError, null);
        }
        final long start = System.nanoTime();
        final Connection connection = shared();
        try {
            final T result = call.run(connection.sync());
            latency(System.nanoTime() - start);
            return result;
        }
        catch (final RuntimeException ex) {
            dropIfTimedOut(connection, ex);
            throw failed(what, ex);
        }
    }

    /**
     * A command that timed out leaves its connection suspect: the peer may be gone without a reset (a failover, a
     * partition), and a connection that never answers again would not recover before TCP gives up, hours later.
     * So the shared connection is dropped and the next call opens a new one.
     */
    private void dropIfTimedOut(final Connection connection, final RuntimeException ex) {
        if (ex instanceof io.lettuce.core.RedisCommandTimeoutException) {
            opening.lock();
            try {
                if (shared == connection) {
                    shared = null;
                }
            }
            finally {
                opening.unlock();
            }
            connection.raw().closeAsync();
        }
    }

    /**
     * Runs a script on the shared connection.
     */
    <T> T script(final Script script, final ScriptOutputType type, final byte[][] keys, final byte[]... args)
        throws Unavailable {
        return call(script.name(), commands -> run(commands, script, type, keys, args));
    }

    /**
     * Runs a script on the given commands: EVALSHA, and EVAL when Redis does not know the script (it restarted).
     */
    static <T> T run(
        final RedisClusterCommands<byte[], byte[]> commands,
        final Script script,
        final ScriptOutputType type,
        final byte[][] keys,
        final byte[]... args) {
        try {
            return commands.evalsha(script.digest(), type, keys, args);
        }
        catch (final RedisNoScriptException ex) {
            return commands.eval(script.text(), type, keys, args);
        }
    }

    /**
     * Probes Redis with PING on the shared connection, ignoring the breaker; closes it on success.
     *
     * @return true when Redis answered.
     */
    boolean probe() {
        if (closed) {
            return false;
        }
        final long start = System.nanoTime();
        final Connection connection;
        try {
            connection = openShared();
        }
        catch (final Unavailable ex) {
            return false;
        }
        try {
            connection.sync().ping();
            latency(System.nanoTime() - start);
            openUntilNs = System.nanoTime();
            return true;
        }
        catch (final RuntimeException ex) {
            dropIfTimedOut(connection, ex);
            failed("ping", ex);
            return false;
        }
    }

    /**
     * Records a failure and opens the breaker; script errors from Redis itself ("ERR ...") are bugs, not outages,
     * and are rethrown as they are.
     */
    Unavailable failed(final String what, final RuntimeException ex) {
        if (ex instanceof RedisCommandExecutionException && String.valueOf(ex.getMessage()).startsWith("ERR") &&
            !clusterInTransition(ex.getMessage())) {
            throw new IllegalStateException("Redis refused " + what + ": " + ex.getMessage(), ex);
        }
        failures.increment();
        final String message = what + ": " + describe(ex);
        lastError = message;
        lastErrorAtMs = clock.time();
        openUntilNs = System.nanoTime() + retryAfterNs;
        return new Unavailable("Redis unreachable: " + message, ex);
    }

    /**
     * @return the failure and, when it wraps one, its root cause: "Unable to connect" alone does not say that the
     *     TLS handshake failed or the password was wrong.
     */
    static String describe(final Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        final String outer = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return root == failure ? outer : outer + " (caused by " + root.getClass().getSimpleName() + ": " +
            root.getMessage() + ")";
    }

    /**
     * While a Cluster moves a slot or fails over, a script may run on a node that holds only part of the slot's keys
     * (Redis answers {@code ERR ... non local key ...}): that is an outage of the slot for a moment, not a bug.
     * ({@code MOVED}, {@code ASK}, {@code TRYAGAIN} and {@code CLUSTERDOWN} do not start with {@code ERR}.)
     */
    static boolean clusterInTransition(final String message) {
        return message != null && (message.contains("non local key") || message.contains("not served") ||
            message.contains("CLUSTERDOWN"));
    }

    /**
     * Records a failure seen on a dedicated connection.
     */
    void noteFailure(final Unavailable ex) {
        openUntilNs = System.nanoTime() + retryAfterNs;
    }

    @Override
    public void close() {
        closed = true;
        final Connection connection = shared;
        if (connection != null) {
            closeQuietly(connection);
        }
        if (ownsClient) {
            if (clusterClient != null) {
                clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            else {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            if (resources != null) {
                resources.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    static void closeQuietly(final Connection connection) {
        try {
            connection.raw().close();
        }
        catch (final RuntimeException ignored) {
            // already broken
        }
    }

    /**
     * Commands run on a connection's synchronous API.
     */
    @FunctionalInterface
    interface Call<T> {

        T run(RedisClusterCommands<byte[], byte[]> commands);
    }

    /**
     * A connection to one Redis or to a Redis Cluster, seen through the command interfaces both share: the bridge's
     * logic is the same for both.
     */
    static final class Connection {

        private final StatefulConnection<byte[], byte[]> raw;
        private final RedisClusterCommands<byte[], byte[]> sync;
        private final RedisClusterAsyncCommands<byte[], byte[]> async;

        Connection(final StatefulRedisConnection<byte[], byte[]> connection) {
            this.raw = connection;
            this.sync = connection.sync();
            this.async = connection.async();
        }

        Connection(final StatefulRedisClusterConnection<byte[], byte[]> connection) {
            this.raw = connection;
            this.sync = connection.sync();
            this.async = connection.async();
        }

        StatefulConnection<byte[], byte[]> raw() {
            return raw;
        }

        RedisClusterCommands<byte[], byte[]> sync() {
            return sync;
        }

        RedisClusterAsyncCommands<byte[], byte[]> async() {
            return async;
        }
    }

    /**
     * @return a list reply's element as a long (Redis integers, or bulk strings of digits).
     */
    static long asLong(final Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof byte[] bytes) {
            return Long.parseLong(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
        }
        throw new IllegalStateException("unexpected reply element: " + value);
    }

    /**
     * @return a list reply's element as text, null for nil.
     */
    static String asText(final Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(final Object value) {
        return (List<Object>)value;
    }
}
