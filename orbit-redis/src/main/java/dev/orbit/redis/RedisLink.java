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
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * One process's way to Redis: a Lettuce client, a shared connection for short commands (claims, cache, the
 * bridge's housekeeping), dedicated connections on demand (the forwarder's pipeline, the blocking stream read),
 * and a breaker that keeps business calls from waiting on a Redis that just failed.
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
    private final ClientResources resources;
    private final boolean ownsClient;
    private final Duration timeout;
    private final long retryAfterNs;
    private final EpochClock clock;
    private final java.util.concurrent.locks.ReentrantLock opening = new java.util.concurrent.locks.ReentrantLock();
    private final LongAdder failures = new LongAdder();
    private volatile StatefulRedisConnection<byte[], byte[]> shared;
    private volatile long openUntilNs;
    private volatile String lastError;
    private volatile long lastErrorAtMs;
    private volatile long latencyNs;
    private volatile boolean closed;

    RedisLink(final RedisURI uri, final RedisClient userClient, final Duration timeout, final EpochClock clock) {
        this.timeout = timeout;
        this.retryAfterNs = Math.max(TimeUnit.MILLISECONDS.toNanos(100), Math.min(timeout.toNanos(), TimeUnit.SECONDS.toNanos(1)));
        this.clock = clock;
        if (userClient != null) {
            this.client = userClient;
            this.resources = null;
            this.ownsClient = false;
        }
        else {
            this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
            // The URI's timeout bounds connecting (the handshake included); its default is a minute, which would let
            // one reconnect to a frozen Redis hold the bridge thread far past its claim's time to live.
            this.client = RedisClient.create(resources, RedisURI.builder(uri).withTimeout(connectTimeout(timeout)).build());
            client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout(timeout)).keepAlive(true).build())
                .build());
            this.ownsClient = true;
        }
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

    long latencyNs() {
        return latencyNs;
    }

    /**
     * Opens a connection of its own (for a pipeline or a blocking read), whose commands wait at most
     * {@code commandTimeout}.
     */
    StatefulRedisConnection<byte[], byte[]> connect(final Duration commandTimeout) throws Unavailable {
        try {
            final StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
            connection.setTimeout(commandTimeout);
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
    private StatefulRedisConnection<byte[], byte[]> shared() throws Unavailable {
        final StatefulRedisConnection<byte[], byte[]> connection = shared;
        if (connection == null) {
            throw new Unavailable("Redis unreachable: not connected (reconnecting in the background); last error: " +
                lastError, null);
        }
        return connection;
    }

    /**
     * Opens the shared connection if it is not open; called by the bridge's thread.
     */
    private StatefulRedisConnection<byte[], byte[]> openShared() throws Unavailable {
        StatefulRedisConnection<byte[], byte[]> connection = shared;
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
        final StatefulRedisConnection<byte[], byte[]> connection = shared();
        try {
            final T result = call.run(connection.sync());
            latencyNs = System.nanoTime() - start;
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
    private void dropIfTimedOut(final StatefulRedisConnection<byte[], byte[]> connection, final RuntimeException ex) {
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
            connection.closeAsync();
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
        final RedisCommands<byte[], byte[]> commands,
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
        final StatefulRedisConnection<byte[], byte[]> connection;
        try {
            connection = openShared();
        }
        catch (final Unavailable ex) {
            return false;
        }
        try {
            connection.sync().ping();
            latencyNs = System.nanoTime() - start;
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
        if (ex instanceof RedisCommandExecutionException && String.valueOf(ex.getMessage()).startsWith("ERR")) {
            throw new IllegalStateException("Redis refused " + what + ": " + ex.getMessage(), ex);
        }
        failures.increment();
        final String message = what + ": " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
        lastError = message;
        lastErrorAtMs = clock.time();
        openUntilNs = System.nanoTime() + retryAfterNs;
        return new Unavailable("Redis unreachable: " + message, ex);
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
        final StatefulRedisConnection<byte[], byte[]> connection = shared;
        if (connection != null) {
            closeQuietly(connection);
        }
        if (ownsClient) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            if (resources != null) {
                resources.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    static void closeQuietly(final StatefulRedisConnection<?, ?> connection) {
        try {
            connection.close();
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

        T run(RedisCommands<byte[], byte[]> commands);
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
