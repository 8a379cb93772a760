package dev.orbit.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real child JVM started small (C1 only, serial GC, 64 MB) on the test class path, spoken to over stdin and
 * stdout lines. Every wait has a deadline; {@link #close()} kills it if it is still running.
 */
final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final String name;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Writer stdin;

    private ChildProcess(final Process process, final String name) {
        this.process = process;
        this.name = name;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        final Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            }
            catch (final IOException ignored) {
                // the child is gone; awaitLine reports what it saw
            }
        }, "stdout-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * @return {@code java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m}, the start of every child's command.
     */
    static List<String> javaCommand() {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx64m");
        command.add("-Xshare:auto");
        return command;
    }

    static ChildProcess start(final Class<?> main, final String... args) {
        final List<String> command = javaCommand();
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new ChildProcess(process, main.getSimpleName() + " " + String.join(" ", args));
        }
        catch (final IOException ex) {
            throw new IllegalStateException("cannot start child JVM: " + command, ex);
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * @return the first line (not yet taken) matching, waiting at most {@code timeout}.
     */
    String awaitLine(final Predicate<String> match, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("no matching line from child [" + name + "] within " + timeout +
                    "; alive=" + process.isAlive() + ", lines seen=" + seen);
            }
            final String line = lines.poll(remaining, TimeUnit.NANOSECONDS);
            if (line != null) {
                seen.add(line);
                if (match.test(line)) {
                    return line;
                }
            }
        }
    }

    void send(final String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /**
     * @return the exit code.
     * @throws AssertionError when the child has not exited within {@code timeout}.
     */
    int awaitExit(final Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child [" + name + "] did not exit within " + timeout);
        }
        return process.exitValue();
    }

    /**
     * Stops the child with SIGSTOP and waits until the kernel shows it stopped: from then on none of its threads
     * (its fleet's keeper included) writes anything, so its segments can be compared byte for byte. The process
     * still exists, so fleet membership still judges it alive.
     */
    void freeze() throws IOException, InterruptedException {
        signal("-STOP");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (state() != 'T') {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("child [" + name + "] not stopped within 60 s: state=" + state());
            }
            Thread.sleep(1);
        }
    }

    /**
     * Continues a child stopped by {@link #freeze()}.
     */
    void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(final String signal) throws IOException, InterruptedException {
        final Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill " + signal + " " + process.pid() + " failed");
        }
    }

    private char state() throws IOException {
        final String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(process.pid()),
            "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            }
            catch (final InterruptedException ex) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The outcome of a command run to completion.
     */
    record Outcome(int exitCode, String out, String err) {
    }

    /**
     * Runs a command to completion (stdout and stderr to files, so neither can fill a pipe), with a deadline.
     */
    static Outcome run(final List<String> command, final Duration timeout) throws IOException, InterruptedException {
        final Path out = Files.createTempFile("orbit-stat-out", ".txt");
        final Path err = Files.createTempFile("orbit-stat-err", ".txt");
        try {
            final Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("command did not finish within " + timeout + ": " + command);
                }
            }
            finally {
                if (process.isAlive()) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
        }
        finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
