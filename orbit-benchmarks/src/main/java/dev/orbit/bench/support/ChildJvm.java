package dev.orbit.bench.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this JVM's class path, talking to its parent in lines: the child prints status lines on
 * stdout ({@code READY}, {@code HELD ...}); the parent may send lines on its stdin ({@code GO}). The child's
 * stderr goes to the parent's stderr. Closing kills it if it is still running.
 */
public final class ChildJvm implements AutoCloseable {

    /** Flag Agrona's UnsafeBuffer needs; only the Agrona comparison children get it. */
    public static final List<String> AGRONA_EXPORTS = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;
    private final String description;

    private ChildJvm(final Process process, final String description) {
        this.process = process;
        this.description = description;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        final Thread reader = new Thread(this::pumpStdout, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java [jvmArgs] -cp <this class path> mainClass args}.
     *
     * @param jvmArgs   JVM options.
     * @param mainClass the child's main class.
     * @param args      its arguments.
     * @return the running child.
     */
    public static ChildJvm start(final List<String> jvmArgs, final Class<?> mainClass, final List<String> args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        try {
            final Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
            return new ChildJvm(process, mainClass.getSimpleName() + " " + String.join(" ", args));
        }
        catch (final IOException e) {
            throw new UncheckedIOException("cannot start child JVM: " + command, e);
        }
    }

    private void pumpStdout() {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.put(line);
            }
        }
        catch (final IOException e) {
            // the child went away; fall through to EOF
        }
        catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lines.offer(EOF);
    }

    /**
     * Called first thing in a child's main: halts this JVM as soon as its parent is gone, so a child never
     * outlives a killed or crashed parent (still spinning, or still holding a claim or a lock).
     */
    public static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
    }

    /**
     * Waits for the next stdout line that starts with {@code prefix}, skipping others.
     *
     * @param prefix  e.g. {@code READY}.
     * @param timeout how long to wait.
     * @return the line.
     * @throws IllegalStateException when the child exits or the timeout passes first.
     */
    public String awaitLine(final String prefix, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                final long left = deadline - System.nanoTime();
                final String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new IllegalStateException("child did not print " + prefix + " within " + timeout + ": " + description);
                }
                if (line.equals(EOF)) {
                    lines.offer(EOF);
                    throw new IllegalStateException("child exited before printing " + prefix + ": " + description +
                        exitText());
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }
        catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + prefix + ": " + description, e);
        }
    }

    private String exitText() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? ", exitValue=" + process.exitValue() : "";
        }
        catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * Sends one line to the child's stdin.
     *
     * @param line the line.
     */
    public void send(final String line) {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        }
        catch (final IOException e) {
            throw new UncheckedIOException("cannot write to child: " + description, e);
        }
    }

    /**
     * @return the child's process.
     */
    public Process process() {
        return process;
    }

    /**
     * Sends SIGKILL (what {@code kill -9} sends) to the child.
     */
    public void kill9() {
        process.destroyForcibly();
    }

    /**
     * Waits for the child to exit.
     *
     * @param timeout how long.
     * @return its exit value.
     * @throws IllegalStateException when it is still running after the timeout.
     */
    public int awaitExit(final Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("child still running after " + timeout + ": " + description);
            }
            return process.exitValue();
        }
        catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for child: " + description, e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
