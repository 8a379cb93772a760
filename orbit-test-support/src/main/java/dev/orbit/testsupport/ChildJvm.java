package dev.orbit.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The one child-JVM launcher: a real separate JVM on the test class path (or an executable jar), started small
 * and C1-only so that CI stays fast on 2 cores, spoken to in lines: the test writes commands to its stdin and
 * waits, with a deadline, for lines on its stdout. Every wait also ends, with the child's last lines, as soon as
 * the child exits. Signals ({@code SIGKILL}, {@code SIGSTOP}, {@code SIGCONT}) go through {@code kill} so a test
 * says exactly which one it sends. {@link #close()} kills a child that still runs (continuing a stopped one
 * first, so nothing stays frozen).
 *
 * <pre>{@code
 * try (ChildJvm writer = ChildJvm.of(WriterMain.class).args("fleet=" + name).start()) {
 *     writer.awaitLine("READY", Duration.ofSeconds(60));
 *     writer.send("publish 100");
 *     writer.kill9();
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {

    /** The options every child starts with, before its own: C1 only, serial GC, a small heap, CDS when present. */
    public static final List<String> SMALL_JVM = List.of(
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-Xshare:auto");

    /** The deadline of a wait that names none: generous, so that a loaded machine does not fail a test. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(10);

    private static final int TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Path output;
    private final LinkedBlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());
    private final OutputStream stdin;
    private final Thread pump;
    private volatile boolean killed;

    private ChildJvm(final String name, final Process process, final Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.stdin = process.getOutputStream();
        this.pump = new Thread(this::pump, "child-" + name + "-stdout");
        this.pump.setDaemon(true);
        if (output == null) {
            this.pump.start();
        }
    }

    /**
     * @param main a class with a main method on this JVM's class path.
     * @return a builder of {@code java [SMALL_JVM] [jvmArgs] -cp <java.class.path> main [args]}.
     */
    public static Builder of(final Class<?> main) {
        return new Builder(List.of("-cp", System.getProperty("java.class.path"), main.getName()),
            main.getSimpleName());
    }

    /**
     * @param jar an executable jar.
     * @return a builder of {@code java [SMALL_JVM] [jvmArgs] -jar jar [args]}.
     */
    public static Builder ofJar(final Path jar) {
        return new Builder(List.of("-jar", jar.toString()), jar.getFileName().toString());
    }

    /**
     * @param main a class with a main method on this JVM's class path.
     * @param args its arguments.
     * @return the running child, with the default options.
     */
    public static ChildJvm start(final Class<?> main, final String... args) {
        return of(main).args(args).start();
    }

    /**
     * Called first thing in a child's main: halts the child as soon as its parent is gone, so that a child never
     * outlives a killed or crashed test (still spinning, or still holding a claim or a lock).
     */
    public static void exitWithParent() {
        ProcessHandle.current().parent()
            .ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                transcript.add(line);
                unread.add(line);
            }
        }
        catch (final IOException ignored) {
            // the child is gone; a wait reports what it printed
        }
    }

    /**
     * @return the name in messages: the main class or jar and the arguments, unless a name was given.
     */
    public String name() {
        return name;
    }

    /**
     * @return the child's pid.
     */
    public long pid() {
        return process.pid();
    }

    /**
     * @return whether the child still runs.
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * @return whether {@link #kill9()} was called.
     */
    public boolean wasKilled() {
        return killed;
    }

    /**
     * Takes lines in order until one matches; the lines before it are consumed.
     *
     * @param match   the line wanted.
     * @param timeout the longest wait.
     * @return the line.
     * @throws AssertionError when no line matches within the timeout or the child exits first, with its last lines.
     */
    public String awaitLine(final Predicate<String> match, final Duration timeout) {
        if (output != null) {
            throw new IllegalStateException("child " + name + " writes its output to " + output + ", not to lines");
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("child " + name + " printed no matching line within " + timeout +
                        "; alive=" + process.isAlive() + "\n" + tail());
                }
                final String line = unread.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
                if (line != null) {
                    if (match.test(line)) {
                        return line;
                    }
                }
                else if (!process.isAlive()) {
                    pump.join(TimeUnit.SECONDS.toMillis(5)); // the last lines may still be in the pipe
                    if (unread.isEmpty()) {
                        throw new AssertionError("child " + name + " exited (" + process.exitValue() +
                            ") before printing a matching line\n" + tail());
                    }
                }
            }
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for child " + name, ex);
        }
    }

    /**
     * @param prefix  the start of the line wanted.
     * @param timeout the longest wait.
     * @return the next line that starts with {@code prefix} (earlier lines are consumed).
     */
    public String awaitLine(final String prefix, final Duration timeout) {
        return awaitLine(line -> line.startsWith(prefix), timeout);
    }

    /**
     * @param timeout  the longest wait.
     * @param prefixes the starts of the lines wanted.
     * @return the next line that starts with any of {@code prefixes}.
     */
    public String awaitAnyLine(final Duration timeout, final String... prefixes) {
        return awaitLine(line -> {
            for (final String prefix : prefixes) {
                if (line.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }, timeout);
    }

    /**
     * @param prefix  the first word of the line wanted.
     * @param timeout the longest wait.
     * @return the rest of the next line {@code prefix value}.
     */
    public String awaitValue(final String prefix, final Duration timeout) {
        return awaitLine(prefix + " ", timeout).substring(prefix.length() + 1);
    }

    /**
     * @param prefix the first word of the line wanted.
     * @return the rest of the next line {@code prefix value}, within {@link #DEFAULT_TIMEOUT}.
     */
    public String awaitValue(final String prefix) {
        return awaitValue(prefix, DEFAULT_TIMEOUT);
    }

    /**
     * @param prefix  the first word of the line wanted.
     * @param timeout the longest wait.
     * @return the fields of the next line {@code PREFIX k=v k=v ...}.
     */
    public Map<String, String> awaitFields(final String prefix, final Duration timeout) {
        return fields(awaitLine(prefix, timeout));
    }

    /**
     * @param line a line {@code WORD k=v k=v ...}.
     * @return its {@code k=v} fields in order.
     */
    public static Map<String, String> fields(final String line) {
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
     * Waits until the child has printed, at any time, a line starting with {@code prefix}; unlike
     * {@link #awaitLine} this consumes nothing, so it may be asked again.
     *
     * @param prefix  the start of the line wanted.
     * @param timeout the longest wait.
     */
    public void awaitPrinted(final String prefix, final Duration timeout) {
        Await.until(timeout, () -> {
            if (printed(prefix)) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("child " + name + " exited before printing '" + prefix + "'\n" + tail());
            }
            return false;
        }, "child " + name + " to print a line starting with '" + prefix + "'");
    }

    /**
     * @param prefix the start of a line.
     * @return whether the child has printed a line starting with {@code prefix} (never blocks).
     */
    public boolean printed(final String prefix) {
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
     * @param line a line for the child's stdin.
     * @throws AssertionError when the child no longer reads its stdin.
     */
    public void send(final String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }
        catch (final IOException ex) {
            throw new AssertionError("cannot write to child " + name + " (alive=" + process.isAlive() + ")\n" +
                tail(), ex);
        }
    }

    /**
     * Closes the child's stdin (a child that halts at the end of its input then exits).
     */
    public void closeInput() {
        try {
            stdin.close();
        }
        catch (final IOException ignored) {
            // already closed by the child's exit
        }
    }

    /**
     * {@code SIGTERM}: asks the child to exit (a Spring application closes its context); see {@link #awaitExit}.
     */
    public void terminate() {
        signal("-TERM");
    }

    /**
     * {@code SIGKILL}, then reaps the child: it is gone once this returns.
     */
    public void kill9() {
        killed = true;
        if (process.isAlive()) {
            signal("-KILL");
        }
        awaitExit(SIGNAL_TIMEOUT);
    }

    /**
     * {@code SIGSTOP}, then waits until the kernel shows the child stopped: from then on none of its threads runs
     * (nor writes anything) until {@link #cont()}.
     */
    public void stop() {
        signal("-STOP");
        Await.until(SIGNAL_TIMEOUT, () -> procState() == 'T', "child " + name + " to be stopped");
    }

    /**
     * {@code SIGCONT}.
     */
    public void cont() {
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
     * @param timeout the longest wait.
     * @return the exit code.
     * @throws AssertionError when the child has not exited within the timeout, with its last lines.
     */
    public int awaitExit(final Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("child " + name + " did not exit within " + timeout + "\n" + tail());
            }
            pump.join(TimeUnit.SECONDS.toMillis(5));
            return process.exitValue();
        }
        catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /**
     * @return the process state letter from {@code /proc} (R, S, T when stopped, Z when a zombie), '?' when gone.
     */
    public char procState() {
        try {
            final String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        }
        catch (final IOException ex) {
            return '?';
        }
    }

    /**
     * @return the last lines the child printed, headed by its name, for failure messages.
     */
    public String tail() {
        if (output != null) {
            try {
                final List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
                return "--- last lines of " + name + " (" + output + ") ---\n" +
                    String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
            }
            catch (final IOException ex) {
                return "--- cannot read the output of " + name + ": " + ex + " ---";
            }
        }
        synchronized (transcript) {
            final int from = Math.max(0, transcript.size() - TAIL_LINES);
            return "--- last lines of " + name + " ---\n" + String.join("\n", transcript.subList(from, transcript.size()));
        }
    }

    /**
     * @return every line the child printed so far.
     */
    public List<String> transcript() {
        synchronized (transcript) {
            return new ArrayList<>(transcript);
        }
    }

    /**
     * Kills the child if it still runs (a stopped child is continued first, so nothing stays frozen).
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
                process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final IOException ignored) {
                // the child was already asked to die
            }
            catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What a child is started with. Each setter replaces what it sets.
     */
    public static final class Builder {

        private final List<String> target;
        private String name;
        private final List<String> jvmArgs = new ArrayList<>(SMALL_JVM);
        private boolean small = true;
        private final List<String> args = new ArrayList<>();
        private boolean mergeStderr;
        private Path stderrFile;
        private Path output;
        private Path directory;

        private Builder(final List<String> target, final String name) {
            this.target = target;
            this.name = name;
        }

        /**
         * @param name the child's name in messages.
         * @return this.
         */
        public Builder name(final String name) {
            this.name = name;
            return this;
        }

        /**
         * @param args the child's arguments.
         * @return this.
         */
        public Builder args(final String... args) {
            return args(List.of(args));
        }

        /**
         * @param args the child's arguments.
         * @return this.
         */
        public Builder args(final List<String> args) {
            this.args.clear();
            this.args.addAll(args);
            return this;
        }

        /**
         * @param options JVM options added after {@link #SMALL_JVM} (a later option wins, e.g. {@code -Xmx256m}).
         * @return this.
         */
        public Builder jvmArgs(final String... options) {
            return jvmArgs(List.of(options));
        }

        /**
         * @param options JVM options added after {@link #SMALL_JVM} (a later option wins, e.g. {@code -Xmx256m}).
         * @return this.
         */
        public Builder jvmArgs(final List<String> options) {
            this.jvmArgs.subList(small ? SMALL_JVM.size() : 0, this.jvmArgs.size()).clear();
            this.jvmArgs.addAll(options);
            return this;
        }

        /**
         * @param options every JVM option, replacing {@link #SMALL_JVM} too (a benchmark child wants the full JIT).
         * @return this.
         */
        public Builder jvmOptions(final List<String> options) {
            this.jvmArgs.clear();
            this.jvmArgs.addAll(options);
            this.small = false;
            return this;
        }

        /**
         * Sends stderr into the stdout lines (default: the test's own stderr).
         *
         * @return this.
         */
        public Builder mergeStderr() {
            this.mergeStderr = true;
            this.stderrFile = null;
            return this;
        }

        /**
         * @param file where stderr goes (default: the test's own stderr).
         * @return this.
         */
        public Builder stderrTo(final Path file) {
            this.stderrFile = file;
            this.mergeStderr = false;
            this.output = null;
            return this;
        }

        /**
         * Sends stdout and stderr to a file instead of lines, for a chatty child spoken to some other way (HTTP):
         * the lines waits then refuse, and {@link ChildJvm#tail()} reads the file.
         *
         * @param file where the output goes.
         * @return this.
         */
        public Builder outputTo(final Path file) {
            this.output = file;
            this.mergeStderr = false;
            this.stderrFile = null;
            return this;
        }

        /**
         * @param directory the child's working directory (default: the test's).
         * @return this.
         */
        public Builder directory(final Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * @return the command this builder starts.
         */
        public List<String> command() {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.addAll(target);
            command.addAll(args);
            return command;
        }

        /**
         * @return the running child.
         */
        public ChildJvm start() {
            final List<String> command = command();
            final ProcessBuilder builder = new ProcessBuilder(command);
            if (output != null) {
                builder.redirectErrorStream(true).redirectOutput(output.toFile());
            }
            else if (mergeStderr) {
                builder.redirectErrorStream(true);
            }
            else if (stderrFile != null) {
                builder.redirectError(stderrFile.toFile());
            }
            else {
                builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            }
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            try {
                return new ChildJvm(args.isEmpty() ? name : name + " " + String.join(" ", args), builder.start(), output);
            }
            catch (final IOException ex) {
                throw new UncheckedIOException("cannot start child JVM: " + command, ex);
            }
        }

        /**
         * Runs the child to completion with no input, stdout and stderr to files (so neither can fill a pipe).
         *
         * @param timeout the longest run.
         * @return its exit code and output.
         * @throws AssertionError when it does not finish within the timeout (it is then killed).
         */
        public Outcome run(final Duration timeout) {
            final List<String> command = command();
            try {
                final Path out = Files.createTempFile("orbit-child-out", ".txt");
                final Path err = Files.createTempFile("orbit-child-err", ".txt");
                try {
                    final ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                    if (directory != null) {
                        builder.directory(directory.toFile());
                    }
                    final Process process = builder.start();
                    try {
                        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                            throw new AssertionError("child " + name + " did not finish within " + timeout + ": " +
                                command);
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
            catch (final IOException ex) {
                throw new UncheckedIOException("cannot run child JVM: " + command, ex);
            }
            catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while running child " + name, ex);
            }
        }
    }

    /**
     * A child run to completion.
     *
     * @param exitCode its exit code.
     * @param out      what it printed on stdout.
     * @param err      what it printed on stderr.
     */
    public record Outcome(int exitCode, String out, String err) {
    }
}
