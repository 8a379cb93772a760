package dev.orbit.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import dev.orbit.testsupport.Await;

/**
 * The local {@code redis-server} processes of {@link TestRedis} and {@link TestRedisCluster}: started on loopback
 * without persistence, waited for until they answer, killed, and their directory removed.
 */
final class RedisServerProcess {

    static final String HOST = "127.0.0.1";

    private RedisServerProcess() {
    }

    /**
     * Starts {@code redis-server} in the foreground, its log in {@code directory}.
     *
     * @param options options after the common ones (port, loopback, no persistence).
     */
    static Process start(final Path binary, final Path directory, final int port, final Path log, final String... options) {
        final List<String> command = new ArrayList<>(List.of(binary.toString(),
            "--port", Integer.toString(port), "--bind", HOST, "--save", "", "--appendonly", "no"));
        command.addAll(List.of(options));
        command.addAll(List.of("--dir", directory.toString(), "--protected-mode", "yes", "--daemonize", "no",
            "--logfile", log.toString()));
        try {
            return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        }
        catch (final IOException ex) {
            throw new UncheckedIOException("cannot start " + binary, ex);
        }
    }

    /**
     * Waits up to 20 s until the server answers; fails at once when it exits.
     *
     * @param ping whether it answers now.
     * @param what what is awaited, for the failure message.
     */
    static void awaitAnswer(final Process process, final int port, final Path log, final BooleanSupplier ping,
        final String what) {
        Await.until(Duration.ofSeconds(20), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start: exitValue=" + process.exitValue() +
                    ", port=" + port + ", log=" + log);
            }
            return ping.getAsBoolean();
        }, what);
    }

    /**
     * Kills a server ({@code SIGKILL}) and waits for it to end.
     *
     * @throws IllegalStateException when interrupted (the flag stays set).
     */
    static void kill(final Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Kills every server, then removes the directory: best effort, for {@code close()}.
     */
    static void stopAll(final List<Process> processes, final Path directory) {
        for (final Process process : processes) {
            process.destroyForcibly();
        }
        for (final Process process : processes) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ignored) {
            // best effort
        }
    }
}
