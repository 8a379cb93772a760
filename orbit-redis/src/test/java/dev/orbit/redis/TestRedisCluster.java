package dev.orbit.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.lettuce.core.MigrateArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.ByteArrayCodec;

import dev.orbit.testsupport.Await;

/**
 * A real Redis Cluster for a test class: {@code masters} local {@code redis-server} processes (no replicas) with
 * {@code --cluster-enabled yes} on free loopback ports (each with its cluster bus port, +10000, free too), joined
 * with {@code CLUSTER MEET} and given the 16384 slots in equal ranges through Lettuce (no {@code redis-cli}
 * needed), ready once every node reports {@code cluster_state:ok} and knows every other. Files live in one
 * temporary directory, removed by {@link #close()} with the processes.
 * <p>
 * Faults: {@link #migrateSlot(int, int)} moves a slot and its keys to another node the way {@code redis-cli
 * --cluster reshard} does (clients see {@code ASK}, then {@code MOVED}).
 * <p>
 * Never a silent skip: without {@code redis-server} this fails, saying how to install it.
 */
public final class TestRedisCluster implements AutoCloseable {

    private static final String HOST = RedisServerProcess.HOST;
    private static final int SLOTS = 16384;

    private final Path binary;
    private final Path directory;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Integer> masterPorts = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final RedisClient admin = RedisClient.create();
    private final java.util.Set<Integer> killed = new java.util.HashSet<>();

    private TestRedisCluster(final Path binary, final Path directory) {
        this.binary = binary;
        this.directory = directory;
    }

    /**
     * @param masters how many master nodes, 3 or more (Redis Cluster's own minimum for failover).
     * @return the cluster, every slot served.
     */
    public static TestRedisCluster start(final int masters) {
        return start(masters, 0);
    }

    /**
     * @param masters  how many master nodes, 3 or more.
     * @param replicas how many replicas per master (0..2): with one or more, {@link #kill(int)} of a master fails
     *                 its slots over to a replica after the node timeout (2 s).
     * @return the cluster, every slot served and every replica linked to its master.
     */
    public static TestRedisCluster start(final int masters, final int replicas) {
        if (replicas < 0 || replicas > 2) {
            throw new IllegalArgumentException("replicas per master must be 0..2: replicas=" + replicas);
        }
        if (masters < 3) {
            throw new IllegalArgumentException("a Redis Cluster needs 3 masters or more: masters=" + masters);
        }
        final Path binary = TestRedis.binary().orElseThrow(() -> new IllegalStateException(
            "no redis-server found for the Redis Cluster tests (PATH=" + System.getenv("PATH") + "). Install " +
                "Redis: apt-get install -y redis-server (CI's .ci/run does)"));
        final TestRedisCluster cluster;
        try {
            cluster = new TestRedisCluster(binary, Files.createTempDirectory("orbit-redis-cluster-"));
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        try {
            for (int i = 0; i < masters * (1 + replicas); i++) {
                cluster.launch(freeClusterPort(cluster.ports));
            }
            cluster.masterPorts.addAll(cluster.ports.subList(0, masters));
            cluster.form(replicas);
            return cluster;
        }
        catch (final RuntimeException | Error ex) {
            cluster.close();
            throw ex;
        }
    }

    private void launch(final int port) {
        final Process process = spawn(port);
        ports.add(port);
        processes.add(process);
        awaitPing(port, process);
    }

    private Process spawn(final int port) {
        return RedisServerProcess.start(binary, directory, port, log(port),
            "--cluster-enabled", "yes", "--cluster-config-file", directory.resolve("nodes-" + port + ".conf").toString(),
            "--cluster-node-timeout", "2000", "--repl-diskless-sync-delay", "0");
    }

    private Path log(final int port) {
        return directory.resolve("redis-" + port + ".log");
    }

    private void awaitPing(final int port, final Process process) {
        RedisServerProcess.awaitAnswer(process, port, log(port), () -> {
            try {
                return "PONG".equals(onNode(port, RedisCommands::ping));
            }
            catch (final RuntimeException ex) {
                return false;
            }
        }, "cluster node on port " + port + " to answer PING");
    }

    /**
     * Meets every node from the first, gives each an equal range of slots, waits until all agree.
     */
    private void form(final int replicas) {
        final int first = ports.get(0);
        onNode(first, c -> {
            for (final int port : ports.subList(1, ports.size())) {
                c.clusterMeet(HOST, port);
            }
            return null;
        });
        final int masters = masterPorts.size();
        for (int i = 0; i < masters; i++) {
            final int from = i * SLOTS / masters;
            final int to = (i + 1) * SLOTS / masters - 1;
            onNode(masterPorts.get(i), c -> c.clusterAddSlotsRange(Range.create(from, to)));
        }
        if (replicas > 0) {
            // A replica can follow a master only once it knows it: wait for every node to know every other.
            Await.until(Duration.ofSeconds(60), () -> ports.stream()
                .allMatch(port -> safeInfo(port).contains("cluster_known_nodes:" + ports.size())),
                () -> "every node of " + ports + " to know the others");
            for (int i = masters; i < ports.size(); i++) {
                final int master = masterPorts.get((i - masters) % masters);
                final String masterId = onNode(master, RedisCommands::clusterMyId);
                onNode(ports.get(i), c -> c.clusterReplicate(masterId));
            }
            Await.until(Duration.ofSeconds(60), () -> ports.subList(masters, ports.size()).stream()
                .allMatch(port -> onNode(port, c -> c.info("replication")).contains("master_link_status:up")),
                () -> "every replica linked to its master");
        }
        Await.until(Duration.ofSeconds(60), this::formed, () -> "Redis Cluster on ports " + ports +
            " to reach cluster_state:ok on every node: " + ports.stream()
            .map(port -> port + "=" + safeInfo(port)).collect(Collectors.joining("; ")));
    }

    private boolean formed() {
        for (final int port : ports) {
            final String info = safeInfo(port);
            if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + ports.size()) ||
                !info.contains("cluster_slots_ok:" + SLOTS)) {
                return false;
            }
        }
        // Every node must see the same owner for every slot range before clients learn the topology from one.
        final List<String> views = new ArrayList<>();
        for (final int port : ports) {
            views.add(onNode(port, c -> c.clusterSlots().stream()
                .map(range -> {
                    final List<?> row = (List<?>)range;
                    final List<?> master = (List<?>)row.get(2);
                    return row.get(0) + "-" + row.get(1) + "@" + master.get(1);
                })
                .sorted()
                .collect(Collectors.joining(","))));
        }
        return views.stream().distinct().count() == 1;
    }

    private String safeInfo(final int port) {
        try {
            return onNode(port, RedisCommands::clusterInfo);
        }
        catch (final RuntimeException ex) {
            return ex.toString();
        }
    }

    /**
     * @return the nodes as Spring and {@link RedisBridgeBuilder#redisCluster(String)} take them:
     *     {@code 127.0.0.1:p1,127.0.0.1:p2,...}.
     */
    public String nodes() {
        return ports.stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
    }

    /**
     * @return the masters' client ports (as started; a failover changes who is master).
     */
    public List<Integer> masterPorts() {
        return List.copyOf(masterPorts);
    }

    /**
     * Kills a node ({@code SIGKILL}); it stays down until {@link #close()}. With replicas, the cluster fails its
     * slots over to one of them after the node timeout; {@link #awaitServed(int)} waits for that.
     *
     * @param port the node's port.
     */
    public void kill(final int port) {
        final int index = ports.indexOf(port);
        if (index < 0) {
            throw new IllegalArgumentException("no node on port " + port + ": nodes=" + nodes());
        }
        RedisServerProcess.kill(processes.get(index));
        killed.add(port);
    }

    /**
     * Waits until every live node reports {@code cluster_state:ok} and the same owner for every slot, and the slot
     * is served by a live node.
     *
     * @param slot a slot that must be served again.
     * @return the port of its owner.
     */
    public int awaitServed(final int slot) {
        Await.until(Duration.ofSeconds(60), () -> {
            for (final int port : ports) {
                if (!killed.contains(port) && !safeInfo(port).contains("cluster_state:ok")) {
                    return false;
                }
            }
            final int owner = ownerSeenBy(livePort(), slot);
            return owner > 0 && !killed.contains(owner) && ports.stream().filter(port -> !killed.contains(port))
                .allMatch(port -> ownerSeenBy(port, slot) == owner);
        }, () -> "slot " + slot + " served again by a live node: " + ports.stream()
            .filter(port -> !killed.contains(port)).map(port -> port + "=" + safeInfo(port).lines()
                .filter(line -> line.startsWith("cluster_state")).findFirst().orElse("?"))
            .collect(Collectors.joining("; ")));
        return ownerSeenBy(livePort(), slot);
    }

    /**
     * Waits until every replica of a master has everything the master wrote so far, so killing the master loses
     * nothing (Redis replicates asynchronously).
     *
     * @param masterPort the master's port.
     */
    public void awaitReplicated(final int masterPort) {
        Await.until(Duration.ofSeconds(30), () -> {
            final String info = onNode(masterPort, c -> c.info("replication"));
            final long offset = info.lines().filter(line -> line.startsWith("master_repl_offset:"))
                .mapToLong(line -> Long.parseLong(line.substring("master_repl_offset:".length()).trim()))
                .findFirst().orElseThrow();
            final List<String> replicas = info.lines().filter(line -> line.matches("slave\\d+:.*")).toList();
            return !replicas.isEmpty() && replicas.stream().allMatch(line -> {
                final String field = java.util.Arrays.stream(line.substring(line.indexOf(':') + 1).split(","))
                    .filter(part -> part.startsWith("offset=")).findFirst().orElse("offset=-1");
                return Long.parseLong(field.substring("offset=".length())) >= offset;
            });
        }, () -> "the replicas of " + masterPort + " to catch up");
    }

    private int livePort() {
        return ports.stream().filter(port -> !killed.contains(port)).findFirst().orElseThrow();
    }

    /**
     * @return the nodes' client ports.
     */
    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /**
     * @param key a key.
     * @return its slot.
     */
    public static int slot(final String key) {
        return SlotHash.getSlot(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param slot a slot.
     * @return the port of the node that serves it, as the first node sees it.
     */
    public int owner(final int slot) {
        return onNode(livePort(), c -> {
            for (final Object range : c.clusterSlots()) {
                final List<?> row = (List<?>)range;
                if (((Long)row.get(0)) <= slot && slot <= ((Long)row.get(1))) {
                    return ((Long)((List<?>)row.get(2)).get(1)).intValue();
                }
            }
            throw new IllegalStateException("slot " + slot + " is served by no node");
        });
    }

    /**
     * @param port a node's port.
     * @return the keys that node holds in its own slots.
     */
    public long keyCount(final int port) {
        return onNode(port, RedisCommands::dbsize);
    }

    /**
     * Moves a slot and its keys to another node, as a resharding does: the target imports, the owner migrates, the
     * keys are moved in batches with {@code MIGRATE}, then every node learns the new owner. Clients on the slot get
     * {@code ASK} while it moves and {@code MOVED} after.
     *
     * @param slot   the slot.
     * @param toPort the new owner's port.
     */
    public void migrateSlot(final int slot, final int toPort) {
        final int fromPort = owner(slot);
        if (fromPort == toPort) {
            throw new IllegalArgumentException("slot " + slot + " is served by port " + toPort + " already");
        }
        final String fromId = onNode(fromPort, RedisCommands::clusterMyId);
        final String toId = onNode(toPort, RedisCommands::clusterMyId);
        onNode(toPort, c -> c.clusterSetSlotImporting(slot, fromId));
        onNode(fromPort, c -> c.clusterSetSlotMigrating(slot, toId));
        while (true) {
            final List<byte[]> keys = onNode(fromPort, c -> c.clusterGetKeysInSlot(slot, 100));
            if (keys.isEmpty()) {
                break;
            }
            onNode(fromPort, c -> c.migrate(HOST, toPort, 0, 5000, MigrateArgs.Builder.<byte[]>keys(keys).replace()));
        }
        onNode(toPort, c -> c.clusterSetSlotNode(slot, toId));
        onNode(fromPort, c -> c.clusterSetSlotNode(slot, toId));
        for (final int port : ports) {
            if (port != fromPort && port != toPort) {
                onNode(port, c -> c.clusterSetSlotNode(slot, toId));
            }
        }
        Await.until(Duration.ofSeconds(30), () -> ports.stream().allMatch(port -> ownerSeenBy(port, slot) == toPort),
            () -> "every node to see slot " + slot + " on port " + toPort);
    }

    private int ownerSeenBy(final int port, final int slot) {
        return onNode(port, c -> {
            for (final Object range : c.clusterSlots()) {
                final List<?> row = (List<?>)range;
                if (((Long)row.get(0)) <= slot && slot <= ((Long)row.get(1))) {
                    return ((Long)((List<?>)row.get(2)).get(1)).intValue();
                }
            }
            return -1;
        });
    }

    /**
     * Kills a node ({@code SIGKILL}) and starts it again on the same port without its data: it comes back with its
     * node id and slots from its cluster configuration file, empty, and without the scripts it knew, which is what
     * clients see of a crashed master without persistence. Waits until the whole cluster is {@code ok} again.
     *
     * @param port the node's port.
     */
    public void restartEmpty(final int port) {
        final int index = ports.indexOf(port);
        if (index < 0) {
            throw new IllegalArgumentException("no node on port " + port + ": nodes=" + nodes());
        }
        RedisServerProcess.kill(processes.get(index));
        // The port may not be free again at once: start again until the node answers.
        Await.until(Duration.ofSeconds(20), () -> {
            final Process process = spawn(port);
            try {
                awaitPing(port, process);
                processes.set(index, process);
                return true;
            }
            catch (final IllegalStateException ex) {
                process.destroyForcibly();
                return false;
            }
        }, "cluster node to start again on port " + port);
        Await.until(Duration.ofSeconds(60), this::formed, () -> "Redis Cluster on ports " + ports +
            " ok again after restarting " + port);
    }

    /**
     * Runs commands on one node directly (no cluster routing).
     *
     * @param port the node's port.
     * @param call the commands.
     * @param <T>  the result type.
     * @return the result.
     */
    public <T> T onNode(final int port, final java.util.function.Function<RedisCommands<byte[], byte[]>, T> call) {
        try (StatefulRedisConnection<byte[], byte[]> connection = admin.connect(ByteArrayCodec.INSTANCE,
            RedisURI.builder().withHost(HOST).withPort(port).withTimeout(Duration.ofSeconds(5)).build())) {
            return call.apply(connection.sync());
        }
    }

    /**
     * @param taken ports already chosen.
     * @return a free loopback port whose cluster bus port (+10000) is free too.
     */
    private static int freeClusterPort(final List<Integer> taken) {
        for (int attempt = 0; attempt < 200; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                final int port = socket.getLocalPort();
                if (port + 10000 > 65535 || taken.contains(port) || taken.contains(port + 10000) ||
                    taken.contains(port - 10000)) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(port + 10000, 1, InetAddress.getByName(HOST))) {
                    return port;
                }
                catch (final IOException busTaken) {
                    // try another
                }
            }
            catch (final IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        throw new IllegalStateException("no free port pair (port, port+10000) on " + HOST + " after 200 attempts");
    }

    @Override
    public void close() {
        admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        RedisServerProcess.stopAll(processes, directory);
    }
}
