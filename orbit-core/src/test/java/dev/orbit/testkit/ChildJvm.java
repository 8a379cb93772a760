package dev.orbit.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real child JVM on the test class path, talking over stdin/stdout lines. Started small and with C1 only
 * to keep CI fast on 2 cores.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final Writer stdin;
    private final String name;

    private ChildJvm(final Process process, final String name) {
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
                // the child exited
            }
        }, "child-" + name + "-stdout");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * @param main class with a main method on the test class path.
     * @param args its arguments.
     * @return the started child.
     */
    public static ChildJvm start(final Class<?> main, final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx64m");
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            final Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
            return new ChildJvm(process, String.join(" ", args));
        }
        catch (final IOException ex) {
            throw new IllegalStateException("cannot start child JVM: " + command, ex);
        }
    }

    /**
     * Waits for a line matching the predicate.
     *
     * @param match   predicate.
     * @param timeout deadline.
     * @return the line.
     */
    public String await(final Predicate<String> match, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("child [" + name + "] printed no matching line within " + timeout +
                        "; alive=" + process.isAlive() + ", transcript=" + transcript);
                }
                final String line = lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
                if (line != null) {
                    transcript.add(line);
                    if (match.test(line)) {
                        return line;
                    }
                }
                else if (!process.isAlive() && lines.isEmpty()) {
                    throw new AssertionError("child [" + name + "] exited with " + process.exitValue() +
                        " before a matching line; transcript=" + transcript);
                }
            }
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /**
     * @param prefix line prefix.
     * @return the rest of the first line starting with {@code prefix + " "}, within 60 s.
     */
    public String awaitValue(final String prefix) {
        return await(line -> line.startsWith(prefix + " "), Duration.ofSeconds(60)).substring(prefix.length() + 1);
    }

    /**
     * @param line a line for the child's stdin.
     */
    public void send(final String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        }
        catch (final IOException ex) {
            throw new AssertionError("child [" + name + "] stdin closed", ex);
        }
    }

    /**
     * @return the child's pid.
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Kills the child with SIGKILL and waits for it to be reaped.
     */
    public void kill9() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /**
     * @param timeout deadline.
     * @return the exit code.
     */
    public int waitFor(final Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child [" + name + "] did not exit within " + timeout + "; transcript=" + transcript);
            }
            return process.exitValue();
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /**
     * @return lines read so far.
     */
    public List<String> transcript() {
        return transcript;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
