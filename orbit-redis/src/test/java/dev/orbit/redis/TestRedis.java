package dev.orbit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import dev.orbit.testsupport.Await;

/**
 * One real Redis for a test class: Testcontainers {@code redis:7} when Docker is present, else the local
 * {@code redis-server} binary on a free loopback port with a temporary directory, started and stopped here. Faults:
 * {@link #pause()} / {@link #resume()} (SIGSTOP / SIGCONT, or {@code docker pause}), and {@link #restartEmpty()}
 * (the process killed and started again on the same port without data; in a container: every client dropped and
 * all data and scripts flushed, which is what a restarted empty Redis looks like to its clients).
 * <p>
 * Never a silent skip: without Docker and without {@code redis-server} this fails, saying how to install it.
 */
public final class TestRedis implements AutoCloseable {

    private static final String HOST = RedisServerProcess.HOST;

    private final GenericContainer<?> container;
    private final Path binary;
    private final Path directory;
    private final int port;
    private Process process;

    private TestRedis(final GenericContainer<?> container, final Path binary, final Path directory, final int port) {
        this.container = container;
        this.binary = binary;
        this.directory = directory;
        this.port = port;
    }

    public static TestRedis start() {
        if (dockerAvailable()) {
            final GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7"))
                .withExposedPorts(6379)
                .withCommand("redis-server", "--save", "", "--appendonly", "no");
            container.start();
            return new TestRedis(container, null, null, container.getMappedPort(6379));
        }
        final Path binary = binary().orElseThrow(() -> new IllegalStateException(
            "no Redis for the orbit-redis tests: neither Docker nor redis-server was found (PATH=" +
                System.getenv("PATH") + "). Install Redis: apt-get install -y redis-server (CI's .ci/run does), " +
                "or run a Docker engine"));
        try {
            final Path directory = Files.createTempDirectory("orbit-redis-test-");
            final TestRedis redis = new TestRedis(null, binary, directory, freePort());
            redis.launch();
            return redis;
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A local {@code redis-server} on a free loopback port, not started yet: for tests of a Redis that appears
     * after its clients. {@link #launchNow()} starts it.
     *
     * @return the Redis, not started.
     */
    public static TestRedis notStarted() {
        final Path binary = binary().orElseThrow(() -> new IllegalStateException(
            "no redis-server found (PATH=" + System.getenv("PATH") + "). Install Redis: apt-get install -y " +
                "redis-server (CI's .ci/run does)"));
        try {
            return new TestRedis(null, binary, Files.createTempDirectory("orbit-redis-test-"), freePort());
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Starts a Redis made by {@link #notStarted()}.
     */
    public void launchNow() {
        launch();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (final RuntimeException | LinkageError ex) {
            return false;
        }
    }

    static Optional<Path> binary() {
        for (final String dir : String.valueOf(System.getenv("PATH")).split(java.io.File.pathSeparator)) {
            final Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        final Path debian = Path.of("/usr/bin/redis-server");
        return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
    }

    private void launch() {
        final Path log = directory.resolve("redis.log");
        process = RedisServerProcess.start(binary, directory, port, log);
        RedisServerProcess.awaitAnswer(process, port, log, this::ping, "redis-server on port " + port + " to answer PING");
    }

    /**
     * @return a URI for clients.
     */
    public String uri() {
        return "redis://" + (container != null ? container.getHost() : HOST) + ":" + port;
    }

    /**
     * @return the host clients connect to.
     */
    public String host() {
        return container != null ? container.getHost() : HOST;
    }

    /**
     * @return the port clients connect to.
     */
    public int port() {
        return port;
    }

    boolean local() {
        return container == null;
    }

    /**
     * Freezes Redis: connections stay open, nothing is answered.
     */
    public void pause() {
        if (container != null) {
            DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
        }
        else {
            signal("STOP");
        }
    }

    public void resume() {
        if (container != null) {
            DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
        }
        else {
            signal("CONT");
        }
    }

    /**
     * Restarts Redis without its data: every connection drops, every key and script is gone.
     */
    public void restartEmpty() {
        if (container != null) {
            try {
                container.execInContainer("redis-cli", "FLUSHALL");
                container.execInContainer("redis-cli", "SCRIPT", "FLUSH");
                container.execInContainer("redis-cli", "CLIENT", "KILL", "TYPE", "normal");
            }
            catch (final IOException ex) {
                throw new UncheckedIOException(ex);
            }
            catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            return;
        }
        RedisServerProcess.kill(process);
        // The port may not be free again at once: start again until this Redis answers.
        Await.until(Duration.ofSeconds(20), () -> {
            try {
                launch();
                return true;
            }
            catch (final IllegalStateException | UncheckedIOException ex) {
                return false;
            }
        }, "redis-server to start again on port " + port);
    }

    private void signal(final String signal) {
        try {
            final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Sends one command in the inline protocol and returns the first reply line, for test assertions without a
     * client library.
     */
    public String command(final String line) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(container != null ? container.getHost() : HOST, port), 2000);
            socket.setSoTimeout(5000);
            final OutputStream out = socket.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            final InputStream in = socket.getInputStream();
            final StringBuilder reply = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    reply.append((char)b);
                }
            }
            return reply.toString();
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param key a key.
     * @return its value, null when absent.
     */
    public byte[] get(final String key) {
        final io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri());
        try (io.lettuce.core.api.StatefulRedisConnection<byte[], byte[]> connection =
            client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE)) {
            return connection.sync().get(key.getBytes(StandardCharsets.UTF_8));
        }
        finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private boolean ping() {
        try {
            return command("PING").equals("+PONG");
        }
        catch (final UncheckedIOException ex) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
            return;
        }
        RedisServerProcess.stopAll(process != null ? List.of(process) : List.of(), directory);
    }

    static Duration seconds(final long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
