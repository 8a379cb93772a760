package dev.orbit.spring.boot.autoconfigure.bridge;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.orbit.redis.RedisBridge;
import dev.orbit.redis.TestRedis;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.Background;
import dev.orbit.spring.boot.autoconfigure.OrbitAutoConfiguration;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.boot.autoconfigure.cache.OrbitCacheAutoConfiguration;
import dev.orbit.spring.bridge.FleetOrbitCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring caches in a fleet that spans hosts: two application contexts (in-process fleets of one name, each its
 * own host) on one real Redis.
 */
class FleetCachesAcrossHostsTests {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static TestRedis redis;

    private final String fleetName = OrbitTestSupport.uniqueFleetName();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OrbitAutoConfiguration.class, DataRedisAutoConfiguration.class,
                OrbitBridgeAutoConfiguration.class, OrbitCacheAutoConfiguration.class, CacheAutoConfiguration.class))
        .withUserConfiguration(Caching.class)
        .withPropertyValues("orbit.shm.enabled=false", "orbit.fleet.name=" + this.fleetName,
                "orbit.cache.caches.quotes.time-to-live=10m", "orbit.cache.caches.local.scope=host");

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private ApplicationContextRunner host(String hostId) {
        return this.runner.withPropertyValues("orbit.bridge.redis.enabled=true", "orbit.bridge.host-id=" + hostId,
                "spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port());
    }

    @Test
    void fleetCacheIsSharedAcrossHostsAndHostCacheIsNot() {
        host("cache-a").run((a) -> host("cache-b").run((b) -> {
            awaitConnected(a.getBean(RedisBridge.class), b.getBean(RedisBridge.class));
            Cache quotesA = a.getBean(CacheManager.class).getCache("quotes");
            Cache quotesB = b.getBean(CacheManager.class).getCache("quotes");
            assertThat(quotesA.getNativeCache()).isInstanceOf(FleetOrbitCache.class);
            quotesA.put("EURUSD", "1.09");
            Await.until(DEADLINE, () -> "1.09".equals(value(quotesB, "EURUSD")),
                    "host A's put read on host B");
            quotesB.put("EURUSD", "1.10");
            Await.until(DEADLINE, () -> "1.10".equals(value(quotesA, "EURUSD")),
                    "host B's newer put replaces host A's near copy");
            quotesA.evict("EURUSD");
            Await.until(DEADLINE, () -> value(quotesB, "EURUSD") == null, "the evict reaches host B");

            Cache localA = a.getBean(CacheManager.class).getCache("local");
            Cache localB = b.getBean(CacheManager.class).getCache("local");
            assertThat(localA.getNativeCache()).isNotInstanceOf(FleetOrbitCache.class);
            localA.put("k", "only on A");
            assertThat(value(localA, "k")).isEqualTo("only on A");
            assertThat(value(localB, "k")).as("a host-scoped cache is never shared through Redis").isNull();
        }));
    }

    @Test
    void syncLoadRunsOnceAcrossHosts() {
        host("sync-a").run((a) -> host("sync-b").run((b) -> {
            awaitConnected(a.getBean(RedisBridge.class), b.getBean(RedisBridge.class));
            Cache quotesA = a.getBean(CacheManager.class).getCache("quotes");
            Cache quotesB = b.getBean(CacheManager.class).getCache("quotes");
            AtomicInteger loads = new AtomicInteger();
            CountDownLatch loading = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            CompletableFuture<String> onA = Background.supply(() -> quotesA.get("GBPUSD", () -> {
                loads.incrementAndGet();
                loading.countDown();
                finish.await(30, TimeUnit.SECONDS);
                return "1.27 from A";
            }));
            assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
            AtomicReference<Thread> waiter = new AtomicReference<>();
            CompletableFuture<String> onB = Background.supply(() -> {
                waiter.set(Thread.currentThread());
                return quotesB.get("GBPUSD", () -> {
                    loads.incrementAndGet();
                    return "1.27 from B";
                });
            });
            // Host B waits for host A's load (parked between polls), or wrongly loads itself.
            Await.until(DEADLINE, () -> loads.get() > 1 || onB.isDone() || (waiter.get() != null
                    && waiter.get().getState() == Thread.State.TIMED_WAITING), "host B waiting or loading");
            finish.countDown();
            assertThat(onA.get(30, TimeUnit.SECONDS)).isEqualTo("1.27 from A");
            assertThat(onB.get(30, TimeUnit.SECONDS)).isEqualTo("1.27 from A");
            assertThat(loads).as("one load across both hosts").hasValue(1);
        }));
    }

    private static void awaitConnected(RedisBridge... bridges) {
        for (RedisBridge bridge : bridges) {
            Await.until(DEADLINE, bridge::isConnected, "bridge of " + bridge.hostId() + " connected");
        }
    }

    private static Object value(Cache cache, Object key) {
        Cache.ValueWrapper wrapper = cache.get(key);
        return (wrapper != null) ? wrapper.get() : null;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Caching {

    }

}
