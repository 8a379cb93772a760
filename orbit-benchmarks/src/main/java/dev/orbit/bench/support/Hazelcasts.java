package dev.orbit.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import dev.orbit.testsupport.ChildJvm;

/**
 * The Hazelcast comparison's members: embedded Hazelcast members on loopback that can only ever find each
 * other. Multicast, auto-detection and phone-home are off; members bind 127.0.0.1 only, join by TCP-IP to the
 * listed 127.0.0.1 ports, and carry a cluster name unique to the run; logging is off. Everything else is
 * Hazelcast's default, as a user would start it.
 */
public final class Hazelcasts {

    /** The map the cache and lock rows use, without a near cache. */
    public static final String MAP = "bench-map";

    /** The same data through a near cache (on the reading member). */
    public static final String NEAR_MAP = "bench-near-map";

    /** What Hazelcast's documentation asks of a member JVM on JDK 9+; only Hazelcast's JVMs get it (pom: hazelcast.opens). */
    public static final List<String> JVM_OPTIONS = List.of(
        "--add-modules", "java.se",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "-Dhazelcast.logging.type=none",
        "-Dhazelcast.phone.home.enabled=false");

    private static final String HOST = "127.0.0.1";

    private Hazelcasts() {
    }

    /**
     * @return a cluster name no other run uses.
     */
    public static String clusterName() {
        return "orbit-bench-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
    }

    /**
     * @param count how many.
     * @return loopback ports that were free a moment ago (distinct).
     */
    public static int[] freePorts(final int count) {
        final List<ServerSocket> sockets = new ArrayList<>();
        try {
            final int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        }
        catch (final IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
        finally {
            for (final ServerSocket socket : sockets) {
                try {
                    socket.close();
                }
                catch (final IOException ignored) {
                    // a port we only looked at
                }
            }
        }
    }

    /**
     * @param cluster   the run's cluster name.
     * @param port      this member's port.
     * @param peers     every member's port (this one may be among them).
     * @param nearCache give {@link #NEAR_MAP} a near cache on this member.
     * @return a started member.
     */
    public static HazelcastInstance member(final String cluster, final int port, final int[] peers, final boolean nearCache) {
        System.setProperty("hazelcast.logging.type", "none");
        System.setProperty("hazelcast.phone.home.enabled", "false");
        final Config config = new Config();
        config.setClusterName(cluster);
        config.setInstanceName(cluster + "-" + port);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        final NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(HOST);
        final JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (final int peer : peers) {
            join.getTcpIpConfig().addMember(HOST + ":" + peer);
        }
        if (nearCache) {
            // cacheLocalEntries: keys this member owns are near-cached too, as a user after fast reads would set.
            config.addMapConfig(new MapConfig(NEAR_MAP).setNearCacheConfig(
                new NearCacheConfig(NEAR_MAP).setInMemoryFormat(InMemoryFormat.BINARY).setCacheLocalEntries(true)));
        }
        return Hazelcast.newHazelcastInstance(config);
    }

    /**
     * Waits until the member sees {@code size} members.
     *
     * @param member  a member.
     * @param size    the cluster size to wait for.
     * @param timeout deadline.
     */
    public static void awaitClusterSize(final HazelcastInstance member, final int size, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (member.getCluster().getMembers().size() != size) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the cluster did not reach " + size + " members within " + timeout +
                    ": members=" + member.getCluster().getMembers());
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * A second member in its own JVM (a {@link HazelcastPeer}), so that a two-member cluster spans two processes
     * as it would between two application instances.
     */
    public static final class Pair implements AutoCloseable {
        private final ChildJvm peer;
        private final HazelcastInstance local;

        private Pair(final ChildJvm peer, final HazelcastInstance local) {
            this.peer = peer;
            this.local = local;
        }

        /**
         * Starts a member here (with a near cache on {@link #NEAR_MAP}) and one in a child JVM, and waits until
         * they form one cluster.
         *
         * @return the pair.
         */
        public static Pair start() {
            final String cluster = clusterName();
            final int[] ports = freePorts(2);
            final List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
            jvm.addAll(JVM_OPTIONS);
            final ChildJvm peer = ChildJvm.of(HazelcastPeer.class).jvmOptions(jvm).args(List.of("cluster=" + cluster,
                "port=" + ports[1], "peers=" + ports[0] + "," + ports[1])).start();
            try {
                peer.awaitLine("READY", Duration.ofSeconds(120));
                final HazelcastInstance local = member(cluster, ports[0], ports, true);
                awaitClusterSize(local, 2, Duration.ofSeconds(120));
                return new Pair(peer, local);
            }
            catch (final RuntimeException | Error e) {
                peer.close();
                throw e;
            }
        }

        /**
         * @return the member in this JVM.
         */
        public HazelcastInstance local() {
            return local;
        }

        @Override
        public void close() {
            try {
                local.shutdown();
            }
            finally {
                peer.closeInput();
                peer.awaitExit(Duration.ofSeconds(60));
                peer.close();
            }
        }
    }
}
