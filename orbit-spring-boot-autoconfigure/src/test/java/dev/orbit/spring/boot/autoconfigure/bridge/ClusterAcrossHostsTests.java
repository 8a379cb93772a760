package dev.orbit.spring.boot.autoconfigure.bridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.redis.BridgeState;
import dev.orbit.redis.RedisBridge;
import dev.orbit.redis.TestRedisCluster;
import dev.orbit.ring.StartPosition;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.boot.autoconfigure.cache.OrbitCacheAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.claim.OrbitClaimAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;
import dev.orbit.spring.bridge.FleetOrbitCache;
import dev.orbit.spring.claim.ClaimYieldedException;
import dev.orbit.spring.claim.Claimed;
import dev.orbit.spring.claim.OnYield;
import dev.orbit.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bridge on a Redis Cluster from {@code spring.data.redis.cluster.nodes} alone: two application contexts
 * (in-process fleets of one name, each its own host) on a real three-master cluster started once for the class.
 */
class ClusterAcrossHostsTests {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static TestRedisCluster cluster;

    private final String fleetName = OrbitTestSupport.uniqueFleetName();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OrbitAutoConfiguration.class, DataRedisAutoConfiguration.class,
                OrbitBridgeAutoConfiguration.class, OrbitClaimAutoConfiguration.class,
                OrbitCacheAutoConfiguration.class, CacheAutoConfiguration.class))
        .withUserConfiguration(Caching.class)
        .withBean(Jobs.class)
        .withPropertyValues("orbit.shm.enabled=false", "orbit.fleet.name=" + this.fleetName,
                "orbit.cache.caches.quotes.time-to-live=10m");

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

    private ApplicationContextRunner host(String hostId) {
        return this.runner.withPropertyValues("orbit.bridge.redis.enabled=true", "orbit.bridge.host-id=" + hostId,
                "spring.data.redis.cluster.nodes=" + cluster.nodes());
    }

    @Test
    void clusterNodesCarryAnEventAClaimAndACacheAcrossHosts() {
        host("cluster-a").withPropertyValues("spring.data.redis.lettuce.cluster.refresh.period=2s")
            .run((a) -> host("cluster-b").run((b) -> {
                RedisBridge bridgeA = a.getBean(RedisBridge.class);
                RedisBridge bridgeB = b.getBean(RedisBridge.class);
                Await.until(DEADLINE, () -> bridgeA.state() == BridgeState.ACTIVE
                        && bridgeB.state() == BridgeState.ACTIVE && bridgeA.isConnected() && bridgeB.isConnected(),
                        () -> "both bridges active on the cluster: " + bridgeA.stats() + " / " + bridgeB.stats());

                List<String> receivedOnB = new CopyOnWriteArrayList<>();
                try (Subscription subscription = b.getBean(OrbitEventBus.class).subscribe(StartPosition.LATEST)) {
                    a.getBean(OrbitEventBus.class).publish("quotes", "EURUSD 1.09".getBytes(StandardCharsets.UTF_8));
                    Await.until(DEADLINE, () -> {
                        subscription.poll("quotes", 100)
                            .events()
                            .forEach((event) -> receivedOnB.add(new String(event.payload(), StandardCharsets.UTF_8)));
                        return receivedOnB.contains("EURUSD 1.09");
                    }, () -> "the event published on host A delivered on host B: " + bridgeB.stats());
                }

                Jobs onA = a.getBean(Jobs.class);
                Jobs onB = b.getBean(Jobs.class);
                CountDownLatch entered = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                CompletableFuture<Optional<String>> holding = CompletableFuture.supplyAsync(() -> onA.report(() -> {
                    entered.countDown();
                    await(release);
                    return "held";
                }));
                assertThat(entered.await(30, TimeUnit.SECONDS)).as("the claimed method started on A").isTrue();
                assertThatExceptionOfType(ClaimYieldedException.class).isThrownBy(() -> onB.report(() -> "b"))
                    .satisfies((ex) -> assertThat(ex.getHostId()).isEqualTo("cluster-a"));
                release.countDown();
                assertThat(holding.get(30, TimeUnit.SECONDS)).contains("held");
                assertThat(onB.report(() -> "b")).as("released: host B takes the claim").contains("b");

                Cache quotesA = a.getBean(CacheManager.class).getCache("quotes");
                Cache quotesB = b.getBean(CacheManager.class).getCache("quotes");
                assertThat(quotesA.getNativeCache()).isInstanceOf(FleetOrbitCache.class);
                quotesA.put("EURUSD", "1.09");
                Await.until(DEADLINE, () -> "1.09".equals(value(quotesB, "EURUSD")), "host A's put read on host B");
                quotesB.put("EURUSD", "1.10");
                Await.until(DEADLINE, () -> "1.10".equals(value(quotesA, "EURUSD")),
                        "host B's newer put replaces host A's near copy");
            }));
    }

    @Test
    void clusterNodeWithoutAUsablePortFailsStartupNamingThePropertyAndTheFix() {
        // Connection details as a @ServiceConnection or a user bean gives them (Boot's own parser rejects a
        // malformed spring.data.redis.cluster.nodes before the bridge is created).
        DataRedisConnectionDetails details = new DataRedisConnectionDetails() {

            @Override
            public Cluster getCluster() {
                return () -> List.of(new Node("10.0.0.1", 7000), new Node("10.0.0.2", 0));
            }

        };
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OrbitAutoConfiguration.class, OrbitBridgeAutoConfiguration.class))
            .withBean(DataRedisConnectionDetails.class, () -> details)
            .withPropertyValues("orbit.shm.enabled=false", "orbit.fleet.name=" + this.fleetName,
                    "orbit.bridge.redis.enabled=true")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(InvalidOrbitPropertyException.class)
                    .rootCause()
                    .hasMessageContaining("spring.data.redis.cluster.nodes")
                    .hasMessageContaining("10.0.0.1:7000,10.0.0.2:0")
                    .hasMessageContaining("host:port");
            });
    }

    @Test
    void outOfRangeRefreshPeriodFailsStartupNamingTheProperty() {
        this.runner
            .withPropertyValues("orbit.bridge.redis.enabled=true", "spring.data.redis.cluster.nodes=10.0.0.1:7000",
                    "spring.data.redis.lettuce.cluster.refresh.period=1ms")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(InvalidOrbitPropertyException.class)
                    .rootCause()
                    .hasMessageContaining("spring.data.redis.lettuce.cluster.refresh.period")
                    .hasMessageContaining("100ms to 1h");
            });
    }

    private static Object value(Cache cache, Object key) {
        Cache.ValueWrapper wrapper = cache.get(key);
        return (wrapper != null) ? wrapper.get() : null;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Caching {

    }

    public static class Jobs {

        @Claimed(value = "report", ttl = "10s", onYield = OnYield.THROW)
        public Optional<String> report(java.util.function.Supplier<String> body) {
            return Optional.of(body.get());
        }

    }

}
