package dev.orbit.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.orbit.fleet.Fleet;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ChildJvm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Sibling JVMs of the packaged sample ({@code java -jar}), each on its own free port, in one fleet with a name
 * unique to the run. {@link #close()} kills every process still running and deletes the fleet's files.
 */
final class SampleFleet implements AutoCloseable {

    /** JVM options that keep several children light on a 2-core machine. */
    static final List<String> LIGHT_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx192m");

    static final Duration STARTUP = Duration.ofSeconds(120);

    private final String name;

    private final List<Node> nodes = new ArrayList<>();

    private final Path logs;

    private Path directory;

    private SampleFleet(String name, Path logs) {
        this.name = name;
        this.logs = logs;
    }

    /**
     * @return the packaged jar; aborts the test (assumption) when it was not built, as in an IDE run without
     *     {@code mvn package}. Under {@code mvn verify} failsafe runs after {@code package}, so it exists.
     */
    static Path jar() {
        String property = System.getProperty("sample.jar");
        Path jar = (property != null) ? Path.of(property) : null;
        assumeTrue(jar != null && Files.isRegularFile(jar),
                "the sample jar is not built (sample.jar=" + property + "); run mvn -pl sample-app verify");
        return jar;
    }

    static Path logDirectory(String fleetName) throws IOException {
        Path root = Path.of(System.getProperty("sample.logs", "target/it-logs"));
        return Files.createDirectories(root.resolve(fleetName));
    }

    /**
     * @param prefix test prefix of the fleet name.
     * @return a fleet name unique to this run.
     */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Starts {@code count} siblings and waits until every one is UP and sees all of them alive.
     *
     * @param prefix    fleet name prefix.
     * @param count     processes.
     * @param extraArgs application arguments for every process.
     * @return the running fleet.
     */
    static SampleFleet start(String prefix, int count, List<String> extraArgs) throws IOException {
        Path jar = jar();
        String name = uniqueName(prefix);
        SampleFleet fleet = new SampleFleet(name, logDirectory(name));
        try {
            int[] ports = freePorts(count);
            for (int i = 0; i < count; i++) {
                fleet.launch(jar, i, ports[i], count, extraArgs);
            }
            for (Node node : fleet.nodes) {
                JsonNode orbit = Await.value(STARTUP, () -> {
                    node.assertRunning();
                    return Http.getJson(node.url("/actuator/health")).path("components").path("orbit");
                }, (health) -> "UP".equals(health.path("status").asString())
                        && health.path("details").path("members").path("alive").size() == count,
                        "node " + node.index() + " (port " + node.port() + ") to be UP with " + count
                                + " members alive");
                node.nodeId = orbit.path("details").path("nodeId").asInt();
                if (fleet.directory == null) {
                    fleet.directory = Path.of(orbit.path("details").path("directory").asString());
                }
            }
            return fleet;
        }
        catch (RuntimeException | Error | IOException ex) {
            fleet.close();
            throw ex;
        }
    }

    private void launch(Path jar, int index, int port, int count, List<String> extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--orbit.fleet.name=" + this.name,
                "--orbit.fleet.size=" + count));
        args.addAll(extraArgs);
        ChildJvm child = ChildJvm.ofJar(jar)
            .name("node-" + index)
            .jvmOptions(LIGHT_JVM)
            .outputTo(this.logs.resolve("node-" + index + ".log"))
            .args(args)
            .start();
        this.nodes.add(new Node(index, port, child));
    }

    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        }
        finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    String name() {
        return this.name;
    }

    List<Node> nodes() {
        return this.nodes;
    }

    Node node(int index) {
        return this.nodes.get(index);
    }

    /**
     * Kills every process still running, then deletes the fleet's segment files.
     */
    @Override
    public void close() {
        for (Node node : this.nodes) {
            node.child().close();
        }
        Path dir = (this.directory != null) ? this.directory : Fleet.defaultDirectory();
        Fleet.unlink(dir, this.name, true);
    }

    /**
     * One sibling process.
     */
    static final class Node {

        private final int index;

        private final int port;

        private final ChildJvm child;

        private int nodeId = -1;

        Node(int index, int port, ChildJvm child) {
            this.index = index;
            this.port = port;
            this.child = child;
        }

        int index() {
            return this.index;
        }

        int port() {
            return this.port;
        }

        ChildJvm child() {
            return this.child;
        }

        int nodeId() {
            return this.nodeId;
        }

        String url(String path) {
            return "http://127.0.0.1:" + this.port + path;
        }

        void assertRunning() {
            if (!this.child.isAlive()) {
                throw new AssertionError("node " + this.index + " (port " + this.port + ") exited; "
                        + this.child.tail());
            }
        }

        @Override
        public String toString() {
            return "node " + this.nodeId + " (port " + this.port + ", pid " + this.child.pid() + ")";
        }

    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException ex) {
            return "(cannot read " + log + ": " + ex + ")";
        }
    }

}
