package dev.orbit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.SlotHash;

import dev.orbit.contest.Subject;
import dev.orbit.event.Event;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Fleet;
import dev.orbit.ring.StartPosition;
import dev.orbit.testsupport.Await;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hosts as process-local fleets in one JVM over a real three-master Redis Cluster (started once for the class):
 * events, cache coherence, fleet claims and membership run on a {@code RedisClusterClient}, a fleet's keys all land
 * in one slot of one node, and a slot migration under running bridges is followed ({@code ASK}, {@code MOVED},
 * topology refresh).
 */
class ClusterHostsTest {

    private static TestRedisCluster cluster;
    private final InProcessHosts hosts = new InProcessHosts("cluster-",
        b -> b.redisCluster(cluster.nodes()).topologyRefreshInterval(Duration.ofSeconds(1)), Duration.ofSeconds(30));
    private final String fleetName = hosts.fleetName();

    @BeforeAll
    static void startCluster() {
        cluster = TestRedisCluster.start(3);
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
    void shouldCarryEventsCachesAndClaimsAcrossHostsOverACluster() {
        final RedisBridge a = host("host-a");
        final RedisBridge b = host("host-b");
        assertThat(a.link.cluster()).isTrue();

        assertEventCrosses(a, b, "one");
        assertEventCrosses(b, a, "back");

        final FleetCache cacheA = a.cache("prices");
        final FleetCache cacheB = b.cache("prices");
        assertThat(cacheA.put(bytes("k"), bytes("v1"), Duration.ZERO)).isTrue();
        assertThat(cacheB.get(bytes("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v1")));
        assertThat(cacheA.put(bytes("k"), bytes("v2"), Duration.ZERO)).isTrue();
        Await.until(Duration.ofSeconds(20), () -> "v2".equals(text(cacheB.get(bytes("k")).orElse(null))),
            () -> "B converges to v2 through the invalidation stream: " + b.stats() + " " + cacheB.stats());

        assertClaimMovesBetweenHosts(a, b, Subject.of("nightly"));

        Await.until(Duration.ofSeconds(20), () -> a.hosts(Duration.ofSeconds(5)).size() == 2,
            () -> "both hosts in A's report: " + a.hosts(Duration.ofSeconds(5)));
        assertThat(a.stats().lost()).isZero();
    }

    @Test
    void shouldKeepEveryKeyOfAFleetInOneSlotOfOneNode() {
        final RedisBridge a = host("host-a");
        final RedisBridge b = host("host-b");
        assertEventCrosses(a, b, "e");
        a.cache("quotes").put(bytes("x"), bytes("1"), Duration.ofMinutes(1));
        assertThat(b.cache("quotes").get(bytes("x"))).isPresent();
        final FleetClaimResult claim = a.claims().tryClaim(Subject.of("job"), "a", Duration.ofSeconds(10));
        assertThat(claim.isClaimed()).isTrue();
        Await.until(Duration.ofSeconds(20), () -> a.hosts(Duration.ofSeconds(5)).size() == 2, "both hosts reported");

        final int slot = TestRedisCluster.slot(a.keys.prefix());
        final int owner = cluster.owner(slot);
        final List<String> onOwner = keysOf(owner);
        assertThat(onOwner).as("the fleet's keys on the slot's node").hasSizeGreaterThanOrEqualTo(10)
            .allSatisfy(key -> assertThat(TestRedisCluster.slot(key)).as(key).isEqualTo(slot))
            .contains(a.keys.prefix() + "events", a.keys.prefix() + "inval", a.keys.prefix() + "fence",
                a.keys.prefix() + "hosts", new String(a.keys.claim(Subject.of("job")), UTF_8));
        for (final int port : cluster.ports()) {
            if (port != owner) {
                assertThat(keysOf(port)).as("no key of the fleet on node " + port).isEmpty();
            }
        }
        ((FleetClaimResult.Claimed)claim).guard().close();
    }

    @Test
    void shouldFollowASlotMigrationUnderRunningBridges() {
        final RedisBridge a = host("host-a");
        final RedisBridge b = host("host-b");
        final FleetCache cacheA = a.cache("prices");
        final FleetCache cacheB = b.cache("prices");
        assertEventCrosses(a, b, "before");
        assertThat(cacheA.put(bytes("k"), bytes("before"), Duration.ZERO)).isTrue();

        final int slot = TestRedisCluster.slot(a.keys.prefix());
        final int from = cluster.owner(slot);
        final int to = cluster.ports().stream().filter(port -> port != from).findFirst().orElseThrow();
        cluster.migrateSlot(slot, to);
        assertThat(keysOf(to)).as("the fleet's keys moved with the slot").isNotEmpty();
        assertThat(keysOf(from)).isEmpty();

        // The bridges' connections still point at the old owner: the next commands are MOVED and followed.
        assertEventCrosses(a, b, "after");
        assertEventCrosses(b, a, "after-back");
        Await.until(Duration.ofSeconds(20), () -> "before".equals(text(cacheB.get(bytes("k")).orElse(null))),
            () -> "the value written before the migration read after it: " + cacheB.stats() + " " + b.stats());
        Await.until(Duration.ofSeconds(20), () -> cacheA.put(bytes("k"), bytes("after"), Duration.ZERO),
            () -> "a put after the migration: " + cacheA.stats() + " " + a.stats());
        Await.until(Duration.ofSeconds(20), () -> "after".equals(text(cacheB.get(bytes("k")).orElse(null))),
            () -> "B converges after the migration: " + cacheB.stats() + " " + b.stats());
        Await.until(Duration.ofSeconds(20), () -> {
            final FleetClaimResult result = a.claims().tryClaim(Subject.of("after-migration"), "a", Duration.ofSeconds(10));
            if (result.isClaimed()) {
                ((FleetClaimResult.Claimed)result).guard().close();
                return true;
            }
            return false;
        }, () -> "a fleet claim after the migration: " + a.claims().stats());
        assertThat(a.stats().lost()).isZero();
        assertThat(b.stats().lost()).isZero();
    }

    @Test
    void shouldReconnectAndCarryOnWhenTheFleetsNodeRestartsEmpty() {
        final RedisBridge a = host("host-a");
        final RedisBridge b = host("host-b");
        assertEventCrosses(a, b, "before");
        final long reconnectsBefore = b.stats().reconnects();

        cluster.restartEmpty(cluster.owner(TestRedisCluster.slot(a.keys.prefix())));

        // The node forgot the streams, the counters and the scripts: the bridges reconnect, load the scripts again
        // and carry on from a new stream epoch.
        assertEventCrosses(a, b, "after");
        assertEventCrosses(b, a, "after-back");
        Await.until(Duration.ofSeconds(20), () -> b.stats().reconnects() > reconnectsBefore,
            () -> "B counted its reconnect: " + b.stats());
        final FleetCache cacheA = a.cache("prices");
        final FleetCache cacheB = b.cache("prices");
        Await.until(Duration.ofSeconds(20), () -> cacheA.put(bytes("k"), bytes("again"), Duration.ZERO),
            () -> "a put after the restart: " + cacheA.stats() + " " + a.stats());
        Await.until(Duration.ofSeconds(20), () -> "again".equals(text(cacheB.get(bytes("k")).orElse(null))),
            () -> "B reads the value put after the restart: " + cacheB.stats() + " " + b.stats());
        assertClaimMovesBetweenHosts(a, b, Subject.of("after-restart"));
    }

    @Test
    void shouldSweepAClearedGenerationAcrossTheClusterNodes() {
        final RedisBridge a = host("host-a");
        final FleetCache cache = a.cache("swept");
        for (int i = 0; i < 50; i++) {
            assertThat(cache.put(bytes("k" + i), bytes("v" + i), Duration.ZERO)).isTrue();
        }
        final String values = a.keys.prefix() + "c:swept:0:";
        assertThat(keysOf(cluster.owner(TestRedisCluster.slot(values)))).filteredOn(key -> key.startsWith(values)).hasSize(50);
        assertThat(cache.clear()).isTrue();
        Await.until(Duration.ofSeconds(30), () -> keysOf(cluster.owner(TestRedisCluster.slot(values))).stream()
            .noneMatch(key -> key.startsWith(values)), () -> "the old generation swept: " + a.stats());
    }

    @Test
    void shouldRefuseAMalformedNodeListNamingTheValueAndTheFix() {
        final Fleet fleet = hosts.fleet();
        assertThatThrownBy(() -> RedisBridge.builder(fleet).redisCluster("10.0.0.1:7000,10.0.0.2"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("10.0.0.2").hasMessageContaining("nodes=10.0.0.1:7000,10.0.0.2")
            .hasMessageContaining("host:port");
        assertThatThrownBy(() -> RedisBridge.builder(fleet).redisCluster("10.0.0.1:7000,,10.0.0.2:7000"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty Redis Cluster node");
        assertThatThrownBy(() -> RedisBridge.builder(fleet).redisCluster("10.0.0.1:99999"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.1:99999")
            .hasMessageContaining("1..65535");
        assertThatThrownBy(() -> RedisBridge.builder(fleet).redisCluster(""))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty Redis Cluster node");
        assertThatThrownBy(() -> RedisBridge.builder(fleet).redisCluster("127.0.0.1:7000").redisUri("redis://x:1"))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("redisUri after redisCluster");
        assertThat(RedisBridgeBuilder.clusterNode("n", "[::1]:7000").getHost()).isEqualTo("::1");
        assertThat(RedisBridgeBuilder.clusterNode("n", "rediss://u:p@h:7001").isSsl()).isTrue();
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
            assertThat(seen).filteredOn(e -> payload.equals(new String(e.payload(), UTF_8)))
                .singleElement().satisfies(e -> assertThat(e.headers().origin()).get()
                    .satisfies(origin -> assertThat(origin.hostId()).isEqualTo(from.hostId())));
        }
        finally {
            on.close();
        }
    }

    private static void assertClaimMovesBetweenHosts(final RedisBridge a, final RedisBridge b, final Subject subject) {
        final FleetClaimResult first = a.claims().tryClaim(subject, "a", Duration.ofSeconds(10));
        assertThat(first.isClaimed()).isTrue();
        final FleetGuard guard = ((FleetClaimResult.Claimed)first).guard();
        assertThat(b.claims().tryClaim(subject, "b", Duration.ofSeconds(10)))
            .isInstanceOfSatisfying(FleetClaimResult.Yielded.class,
                y -> assertThat(y.holder().hostId()).isEqualTo("host-a"));
        assertThat(guard.renew(Duration.ofSeconds(10))).isTrue();
        guard.close();
        final FleetClaimResult second = b.claims().tryClaim(subject, "b", Duration.ofSeconds(10));
        assertThat(second.isClaimed()).isTrue();
        assertThat(((FleetClaimResult.Claimed)second).guard().fenceToken()).isGreaterThan(guard.fenceToken());
        ((FleetClaimResult.Claimed)second).guard().close();
    }

    private List<String> keysOf(final int port) {
        final String pattern = "orbit:{" + fleetName + "}:*";
        return cluster.onNode(port, c -> {
            final List<String> keys = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                final io.lettuce.core.KeyScanCursor<byte[]> page = c.scan(cursor,
                    ScanArgs.Builder.matches(pattern.getBytes(StandardCharsets.UTF_8)).limit(1000));
                page.getKeys().forEach(key -> keys.add(new String(key, UTF_8)));
                cursor = page;
            } while (!cursor.isFinished());
            return keys;
        });
    }

    private static String text(final byte[] value) {
        return value == null ? null : new String(value, UTF_8);
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(UTF_8);
    }

    static int slotOf(final byte[] key) {
        return SlotHash.getSlot(key);
    }
}
