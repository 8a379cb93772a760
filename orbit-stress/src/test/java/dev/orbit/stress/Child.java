package dev.orbit.stress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on the test class path ({@code java.home}, {@code java.class.path}), small and C1-only. It
 * talks in lines: the test writes commands to its stdin and waits, with a deadline, for lines on its stdout
 * (stderr is merged). Signals go through the {@code kill} command so the test says exactly which one.
 */
final class Child implements AutoCloseable {

    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final LinkedBlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());
    private final OutputStream stdin;
    private volatile boolean killed;

    private Child(final String name, final Process process) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        final Thread pump = new Thread(this::pump, "child-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * @param name  a name for messages.
     * @param main  the child's main class.
     * @param args  its arguments.
     * @return the running child.
     */
    static Child start(final String name, final Class<?> main, final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx64m");
        command.add("-Xss512k");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            return new Child(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        catch (final IOException ex) {
            throw new IllegalStateException("cannot start child " + name + ": " + command, ex);
        }
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                transcript.add(line);
                unread.add(line);
            }
        }
        catch (final IOException ignored) {
            // the child is gone
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean wasKilled() {
        return killed;
    }

    /**
     * Waits for the next line that starts with {@code prefix} (earlier other lines are skipped).
     *
     * @return the line.
     * @throws AssertionError on timeout or when the child exits first, with its transcript.
     */
    String awaitLine(final String prefix, final Duration timeout) {
        return awaitLine(new String[] {prefix}, timeout);
    }

    private String awaitLine(final String[] prefixes, final Duration timeout) {
        final String prefix = String.join("' or '", prefixes);
        final long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("child " + name + " printed no line starting with '" + prefix + "' within " +
                        timeout + "; alive=" + process.isAlive() + "\n" + tail());
                }
                final String line = unread.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
                if (line != null) {
                    for (final String wanted : prefixes) {
                        if (line.startsWith(wanted)) {
                            return line;
                        }
                    }
                }
                else if (!process.isAlive() && unread.isEmpty()) {
                    process.waitFor(1, TimeUnit.SECONDS);
                    throw new AssertionError("child " + name + " exited (" + process.exitValue() +
                        ") before printing a line starting with '" + prefix + "'\n" + tail());
                }
            }
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /**
     * Waits for the next line that starts with any of {@code prefixes}.
     */
    String awaitAnyLine(final Duration timeout, final String... prefixes) {
        return awaitLine(prefixes, timeout);
    }

    /**
     * Waits for a line {@code PREFIX k=v k=v ...} and parses its fields.
     */
    Map<String, String> awaitFields(final String prefix, final Duration timeout) {
        return fields(awaitLine(prefix, timeout));
    }

    static Map<String, String> fields(final String line) {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final String token : line.trim().split("\\s+")) {
            final int eq = token.indexOf('=');
            if (eq > 0) {
                fields.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return fields;
    }

    /**
     * @param command a line for the child's stdin.
     */
    void send(final String command) {
        try {
            stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }
        catch (final IOException ex) {
            throw new AssertionError("cannot write to child " + name + " (alive=" + process.isAlive() + ")\n" + tail(), ex);
        }
    }

    /** SIGKILL, then reap it (the child is gone once this returns). */
    void kill9() {
        killed = true;
        signal("-KILL");
        awaitExit(SIGNAL_TIMEOUT);
    }

    /** SIGSTOP: the child stalls where it is, every thread at once. */
    void stop() {
        signal("-STOP");
    }

    /** SIGCONT. */
    void cont() {
        signal("-CONT");
    }

    private void signal(final String signal) {
        try {
            final Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
            if (!kill.waitFor(SIGNAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill " + signal + " " + process.pid() + " failed: " +
                    new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        catch (final IOException ex) {
            throw new AssertionError("cannot run kill " + signal, ex);
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /**
     * @return the exit code.
     */
    int awaitExit(final Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("child " + name + " did not exit within " + timeout + "\n" + tail());
            }
            return process.exitValue();
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /**
     * Waits until the child has printed, at any time, a line starting with {@code prefix}; unlike
     * {@link #awaitLine} this consumes nothing, so it may be asked again.
     */
    void awaitPrinted(final String prefix, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!printed(prefix)) {
            if (!process.isAlive() && !printed(prefix)) {
                throw new AssertionError("child " + name + " exited before printing '" + prefix + "'\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("child " + name + " printed no line starting with '" + prefix + "' within " +
                    timeout + "\n" + tail());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * @return true when the child has printed a line starting with {@code prefix} (never blocks).
     */
    boolean printed(final String prefix) {
        synchronized (transcript) {
            for (final String line : transcript) {
                if (line.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @return the process state letter from /proc (R, S, T when stopped, Z when a zombie), '?' when gone.
     */
    char procState() {
        try {
            final String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        }
        catch (final IOException ex) {
            return '?';
        }
    }

    String tail() {
        synchronized (transcript) {
            final int from = Math.max(0, transcript.size() - 40);
            return "--- last lines of " + name + " ---\n" + String.join("\n", transcript.subList(from, transcript.size()));
        }
    }

    List<String> transcript() {
        synchronized (transcript) {
            return new ArrayList<>(transcript);
        }
    }

    /** Kills the child if it still runs (a stopped child is continued first, so nothing stays frozen). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
                process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final IOException ignored) {
                // best effort: the child was already asked to die
            }
            catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
