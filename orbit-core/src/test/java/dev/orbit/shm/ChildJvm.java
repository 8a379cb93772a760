package dev.orbit.shm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A separate JVM running {@link SegmentProcessMain} on the test class path; its output goes to a file the test
 * polls with a deadline.
 */
final class ChildJvm implements AutoCloseable
{
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path output;

    private ChildJvm(final Process process, final Path output)
    {
        this.process = process;
        this.output = output;
    }

    static ChildJvm start(final Path workDir, final String name, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx64m",
            "-cp",
            System.getProperty("java.class.path"),
            SegmentProcessMain.class.getName()));
        command.addAll(List.of(args));

        final Path output = workDir.resolve(name + ".out");
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();

        return new ChildJvm(process, output);
    }

    long pid()
    {
        return process.pid();
    }

    /**
     * Waits for a line starting with the prefix and returns it; fails if the child exits first or the time is up.
     */
    String awaitLine(final String prefix, final Duration timeout) throws IOException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final boolean exited = !process.isAlive();
            final String line = findLine(prefix);
            if (null != line)
            {
                return line;
            }
            if (exited)
            {
                return fail("child %d exited with status=%d before printing \"%s\"; output:%n%s",
                    process.pid(), process.exitValue(), prefix, String.join("\n", lines()));
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                return fail("child %d printed no \"%s\" within %s; output:%n%s",
                    process.pid(), prefix, timeout, String.join("\n", lines()));
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    void send(final String line) throws IOException
    {
        final OutputStream stdin = process.getOutputStream();
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    int awaitExit(final Duration timeout) throws InterruptedException, IOException
    {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        {
            process.destroyForcibly();
            return fail("child %d did not exit within %s; output:%n%s",
                process.pid(), timeout, String.join("\n", lines()));
        }
        return process.exitValue();
    }

    List<String> lines() throws IOException
    {
        return Files.readAllLines(output, StandardCharsets.UTF_8);
    }

    /**
     * Kills the child if it still runs and waits for it to be gone, so the kernel has released its locks.
     */
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String findLine(final String prefix) throws IOException
    {
        return lines().stream().filter(line -> line.startsWith(prefix)).findFirst().orElse(null);
    }
}
