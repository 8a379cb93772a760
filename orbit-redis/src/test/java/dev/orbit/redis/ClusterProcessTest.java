package dev.orbit.redis;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orbit.testsupport.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hosts of two JVMs each on a real three-master Redis Cluster ({@code redisCluster(...)}): events exactly once
 * in order across hosts, one near cache per host converging, and {@code kill -9} of a host's bridge process while
 * it forwards (the sibling resumes from the position in the cluster: nothing lost, nothing heard twice).
 */
class ClusterProcessTest {

    private static final Duration DELIVERY = Transcripts.DELIVERY;

    private TestRedisCluster cluster;
    private TestHost hostA;
    private TestHost hostB;

    @BeforeEach
    void start() {
        cluster = TestRedisCluster.start(3);
        final String fleet = "xcluster-" + Long.toHexString(System.nanoTime());
        hostA = new TestHost(fleet, "host-a", HostChild.CLUSTER + cluster.nodes());
        hostB = new TestHost(fleet, "host-b", HostChild.CLUSTER + cluster.nodes());
    }

    @AfterEach
    void stop() {
        for (final AutoCloseable closeable : new AutoCloseable[] {hostA, hostB, cluster}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            }
            catch (final Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void shouldCarryEventsAndCachesAcrossHostsAndSurviveABridgeKillOnACluster() {
        final ChildJvm a0 = hostA.startBridge();
        final ChildJvm b0 = hostB.startBridge();
        final ChildJvm a1 = hostA.start();
        final ChildJvm b1 = hostB.start();
        for (final ChildJvm listener : List.of(b0, b1)) {
            listener.send("listen");
            listener.awaitLine(line -> line.equals("listening"), DELIVERY);
        }

        a1.send("publish orders 200 a1");
        a1.awaitLine(line -> line.equals("published a1 200 0"), DELIVERY);
        for (final ChildJvm listener : List.of(b0, b1)) {
            assertThat(Transcripts.receive(listener, "orders", "a1", 200)).as("from host-a over the cluster")
                .containsExactlyElementsOf(Transcripts.sequence("a1", 0, 200));
        }

        a1.send("cache-put k1 v1");
        a1.awaitLine(line -> line.equals("cache-put k1 true"), DELIVERY);
        b1.send("cache-get k1");
        b1.awaitLine(line -> line.equals("cache-get k1 v1"), DELIVERY);
        a1.send("cache-put k1 v2");
        a1.awaitLine(line -> line.equals("cache-put k1 true"), DELIVERY);
        dev.orbit.testsupport.Await.until(DELIVERY, () -> {
            b0.send("cache-get k1");
            return b0.awaitLine(line -> line.startsWith("cache-get k1 "), DELIVERY).equals("cache-get k1 v2");
        }, "host-b's near cache converges to v2");

        // kill -9 of host A's bridge while host A publishes: the sibling takes over from the cluster's position.
        a1.send("publish-async orders 1000 k 500");
        b0.awaitLine(line -> line.equals("ev host-a orders k-100"), DELIVERY);
        a0.kill9();
        a1.awaitLine(line -> line.equals("published k 1000 0"), DELIVERY);
        for (final ChildJvm listener : List.of(b0, b1)) {
            assertThat(Transcripts.receive(listener, "orders", "k", 1000)).as("every event across the bridge kill")
                .containsExactlyElementsOf(Transcripts.sequence("k", 0, 1000));
            assertThat(Transcripts.repeats(listener)).as("no event heard twice").isEmpty();
        }
    }
}
