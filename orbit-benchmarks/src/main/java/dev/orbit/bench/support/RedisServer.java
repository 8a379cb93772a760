package dev.orbit.bench.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
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

/**
 * A throw-away {@code redis-server} on a free loopback port: no persistence, no replication, stopped on
 * {@link #close()} (and by a shutdown hook if the JVM exits first).
 */
public final class RedisServer implements AutoCloseable {

    /** Loopback only: the benchmark never talks to another host. */
    public static final String HOST = "127.0.0.1";

    private final Process process;
    private final int port;
    private final Thread hook;

    private RedisServer(final Process process, final int port) {
        this.process = process;
        this.port = port;
        this.hook = new Thread(process::destroyForcibly, "redis-server-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * @return the {@code redis-server} binary on the PATH, if any.
     */
    public static Optional<Path> binary() {
        final String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (final String dir : path.split(java.io.File.pathSeparator)) {
            final Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts a server and waits until it answers PING.
     *
     * @param log where the server writes its log.
     * @return the running server.
     * @throws IOException when there is no binary or it does not come up within 10 s.
     */
    public static RedisServer start(final Path log) throws IOException {
        final Path binary = binary().orElseThrow(() -> new IOException("redis-server not found on PATH=" +
            System.getenv("PATH") + " (install it: apt-get install -y redis-server)"));
        final int port = freePort();
        final Process process = new ProcessBuilder(List.of(binary.toString(),
            "--port", Integer.toString(port), "--bind", HOST, "--save", "", "--appendonly", "no",
            "--protected-mode", "yes", "--daemonize", "no", "--logfile", log.toAbsolutePath().toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        final RedisServer server = new RedisServer(process, port);
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                server.close();
                throw new IOException("redis-server exited at start: exitValue=" + process.exitValue() +
                    ", port=" + port + ", log=" + log);
            }
            if (server.ping()) {
                return server;
            }
            try {
                Thread.sleep(20);
            }
            catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.close();
        throw new IOException("redis-server did not answer PING within 10 s: port=" + port + ", log=" + log);
    }

    /**
     * @return the server's port on {@link #HOST}.
     */
    public int port() {
        return port;
    }

    /**
     * @return the server's version line, e.g. {@code Redis server v=7.0.15 ...}.
     */
    public static String version() {
        try {
            final Process p = new ProcessBuilder(binary().map(Path::toString).orElse("redis-server"), "--version")
                .redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return out;
        }
        catch (final IOException e) {
            return "redis-server: " + e.getMessage();
        }
        catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return "redis-server: interrupted";
        }
    }

    private boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            socket.setSoTimeout(500);
            final OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = socket.getInputStream();
            final byte[] reply = new byte[7];
            final int n = in.readNBytes(reply, 0, reply.length);
            return new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        }
        catch (final IOException e) {
            return false;
        }
    }

    /**
     * @return a loopback port that was free a moment ago.
     * @throws IOException when no port can be bound.
     */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException e) {
            // the JVM is already shutting down; the hook stops the server
        }
    }
}
