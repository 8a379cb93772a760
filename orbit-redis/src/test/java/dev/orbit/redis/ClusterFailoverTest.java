package dev.orbit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orbit.contest.Subject;
import dev.orbit.event.Event;
import dev.orbit.event.Subscription;
import dev.orbit.ring.StartPosition;
import dev.orbit.testsupport.Await;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis Cluster of three masters with a replica each: {@code kill -9} of the master serving the fleet's slot. The
 * cluster promotes its replica after the node timeout (2 s); the bridges find the new master (topology refresh on
 * reconnect attempts and periodically) and carry events, cache values and claims on, without a restart.
 */
class ClusterFailoverTest {

    private static TestRedisCluster cluster;
    private final InProcessHosts hosts = new InProcessHosts("failover-",
        b -> b.redisCluster(cluster.nodes()).topologyRefreshInterval(Duration.ofSeconds(1)), Duration.ofSeconds(30));
    private final String fleetName = hosts.fleetName();

    @BeforeAll
    static void startCluster() {
        cluster = TestRedisCluster.start(3, 1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        hosts.close();
    }

    private RedisBridge host(final String hostId) {
        return hosts.host(hostId);
    }

    @Test
    void shouldCarryOnAfterTheFleetsMasterFailsOverToItsReplica() {
        final RedisBridge a = host("host-a");
        final RedisBridge b = host("host-b");
        final FleetCache cacheA = a.cache("prices");
        final FleetCache cacheB = b.cache("prices");
        assertEventCrosses(a, b, "before");
        assertThat(cacheA.put(bytes("k"), bytes("before"), Duration.ZERO)).isTrue();

        final int slot = TestRedisCluster.slot(a.keys.prefix());
        final int master = cluster.owner(slot);
        cluster.awaitReplicated(master);
        cluster.kill(master);
        final long killedAt = System.nanoTime();
        final int promoted = cluster.awaitServed(slot);
        final long servedAt = System.nanoTime();
        assertThat(promoted).as("a replica serves the fleet's slot").isNotEqualTo(master);

        assertEventCrosses(a, b, "after");
        System.out.println("[cluster failover] slot served again " + (servedAt - killedAt) / 1_000_000 +
            " ms after kill -9 of its master; an event crossed hosts " + (System.nanoTime() - servedAt) / 1_000_000 +
            " ms after that");
        assertEventCrosses(b, a, "after-back");
        Await.until(Duration.ofSeconds(30), () -> "before".equals(text(cacheB.get(bytes("k")).orElse(null))),
            () -> "the value written before the failover, from the promoted replica: " + cacheB.stats() + " " + b.stats());
        Await.until(Duration.ofSeconds(30), () -> cacheA.put(bytes("k"), bytes("after"), Duration.ZERO),
            () -> "a put after the failover: " + cacheA.stats() + " " + a.stats());
        Await.until(Duration.ofSeconds(30), () -> "after".equals(text(cacheB.get(bytes("k")).orElse(null))),
            () -> "B converges after the failover: " + cacheB.stats() + " " + b.stats());
        final Subject subject = Subject.of("after-failover");
        final FleetClaimResult[] claimed = new FleetClaimResult[1];
        Await.until(Duration.ofSeconds(30), () -> (claimed[0] = a.claims().tryClaim(subject, "a",
            Duration.ofSeconds(10))).isClaimed(), () -> "a fleet claim after the failover: " + claimed[0]);
        final FleetGuard guard = ((FleetClaimResult.Claimed)claimed[0]).guard();
        assertThat(b.claims().tryClaim(subject, "b", Duration.ofSeconds(10)))
            .isInstanceOfSatisfying(FleetClaimResult.Yielded.class,
                y -> assertThat(y.holder().fenceToken()).isEqualTo(guard.fenceToken()));
        guard.close();
        assertThat(a.stats().lost()).isZero();
        assertThat(b.stats().lost()).isZero();
    }

    private static void assertEventCrosses(final RedisBridge from, final RedisBridge to, final String payload) {
        final Subscription on = to.fleet().events().subscribe(StartPosition.LATEST);
        try {
            from.fleet().events().publish("orders", payload.getBytes(UTF_8));
            final List<Event> seen = new ArrayList<>();
            Await.until(Duration.ofSeconds(30), () -> {
                seen.addAll(on.poll(100).events());
                return seen.stream().anyMatch(e -> payload.equals(new String(e.payload(), UTF_8)));
            }, () -> "'" + payload + "' from " + from.hostId() + " at " + to.hostId() + ": saw " + seen +
                ", stats " + from.stats() + " / " + to.stats());
            assertThat(seen).filteredOn(e -> payload.equals(new String(e.payload(), UTF_8))).hasSize(1);
        }
        finally {
            on.close();
        }
    }

    private static String text(final byte[] value) {
        return value == null ? null : new String(value, UTF_8);
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(UTF_8);
    }
}
