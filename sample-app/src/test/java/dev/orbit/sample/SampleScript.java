package dev.orbit.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.orbit.testsupport.Await;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's {@code ./orbit-sample} launcher run as a user runs it: started with options, its output collected
 * (and copied to {@code launcher.log}), its node lines parsed, and stopped with the signal Ctrl-C sends.
 */
final class SampleScript implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern NODE_LINE = Pattern.compile("node on port (\\d+)( on (host-\\d+))? \\(pid (\\d+)\\)");

    private final Process launcher;

    private final List<String> output = new CopyOnWriteArrayList<>();

    private final Map<Integer, Node> nodes = new LinkedHashMap<>();

    private SampleScript(Process launcher) {
        this.launcher = launcher;
    }

    /**
     * One process the launcher started.
     *
     * @param port its HTTP port.
     * @param host its host id with {@code --hosts}, else null.
     * @param pid  its process id.
     */
    record Node(int port, String host, long pid) {

        String url(String path) {
            return "http://127.0.0.1:" + this.port + path;
        }

    }

    /**
     * Starts the launcher on the packaged jar (never building) with the lightweight JVM options of the tests.
     *
     * @param logs    where {@code launcher.log} goes.
     * @param options the launcher's options.
     * @return the running launcher.
     */
    static SampleScript start(Path logs, String... options) throws IOException {
        Path script = Path.of(System.getProperty("sample.root", "..")).resolve("orbit-sample").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "--no-build", "--jar",
                SampleFleet.jar().toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_OPTS", String.join(" ", SampleFleet.LIGHT_JVM));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        SampleScript sample = new SampleScript(builder.start());
        Thread reader = new Thread(() -> sample.copyLines(logs.resolve("launcher.log")), "launcher-output");
        reader.setDaemon(true);
        reader.start();
        return sample;
    }

    /**
     * Waits until the launcher prints {@code READY} and reads the node lines it printed before.
     *
     * @return the nodes, by port, in the order printed.
     */
    Map<Integer, Node> awaitReady() {
        Await.value(SampleFleet.STARTUP, () -> {
            if (!this.launcher.isAlive()) {
                throw new IllegalStateException(
                        "launcher exited with " + this.launcher.exitValue() + ": " + this.output);
            }
            return this.output.contains("READY");
        }, Boolean.TRUE::equals, "the launcher to print READY");
        for (String line : this.output) {
            Matcher matcher = NODE_LINE.matcher(line);
            if (matcher.find()) {
                int port = Integer.parseInt(matcher.group(1));
                this.nodes.put(port, new Node(port, matcher.group(3), Long.parseLong(matcher.group(4))));
            }
        }
        return this.nodes;
    }

    List<String> output() {
        return this.output;
    }

    /**
     * Sends what Ctrl-C in a terminal sends (SIGTERM where this JVM was started with SIGINT ignored: the script
     * then inherits the ignore and bash cannot trap it; the script traps both the same way), and waits until the
     * launcher, every node it started and the launcher's last line ({@code lastLine}) are there.
     *
     * @param lastLine the last line the launcher prints on a graceful stop.
     */
    void stop(String lastLine) throws Exception {
        String signal = sigintIgnored() ? "-TERM" : "-INT";
        assertThat(new ProcessBuilder("kill", signal, String.valueOf(this.launcher.pid())).start().waitFor()).isZero();
        assertThat(this.launcher.waitFor(60, TimeUnit.SECONDS)).as("launcher stops after kill %s", signal).isTrue();
        for (Node node : this.nodes.values()) {
            Await.value(TIMEOUT, () -> ProcessHandle.of(node.pid()).map((p) -> !p.isAlive()).orElse(true),
                    Boolean.TRUE::equals, "node pid " + node.pid() + " to exit");
        }
        // The launcher has exited, but the thread copying its output may not have read the last line yet.
        Await.until(TIMEOUT, () -> this.output.contains(lastLine), () -> "the launcher's last line in " + this.output);
    }

    /**
     * Kills whatever is still running.
     */
    @Override
    public void close() throws InterruptedException {
        this.launcher.destroyForcibly();
        this.nodes.values().forEach((node) -> ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroyForcibly));
        this.launcher.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * @param count ports wanted.
     * @return the first of {@code count} consecutive ports free now.
     */
    static int freePortRange(int count) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    sockets.add(new ServerSocket(base + i));
                }
                return base;
            }
            catch (IOException ex) {
                // in use: try another range
            }
            finally {
                for (ServerSocket socket : sockets) {
                    socket.close();
                }
            }
        }
        throw new IOException("no " + count + " consecutive free ports found");
    }

    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    private void copyLines(Path log) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(this.launcher.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                this.output.add(line);
                Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
        catch (IOException ex) {
            this.output.add("(output lost: " + ex + ")");
        }
    }

}
