package dev.orbit.spring.boot.autoconfigure.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.ring.RingSpec;
import dev.orbit.spring.boot.autoconfigure.OrbitProperties.NullPolicy;
import dev.orbit.spring.boot.autoconfigure.OrbitScheduler;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.boot.autoconfigure.metrics.OrbitMeters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link OrbitSpringCache} over an in-process fleet.
 */
class OrbitSpringCacheTests {

    private Fleet fleet;

    private OrbitScheduler scheduler;

    private final AtomicInteger oversize = new AtomicInteger();

    private final OrbitMeters meters = new OrbitMeters() {

        @Override
        public void cacheOversize(String cacheName) {
            OrbitSpringCacheTests.this.oversize.incrementAndGet();
        }

    };

    @BeforeEach
    void joinFleet() {
        this.fleet = Fleet.builder().name(OrbitTestSupport.uniqueFleetName()).join();
        this.scheduler = new OrbitScheduler();
    }

    @AfterEach
    void leaveFleet() {
        this.scheduler.destroy();
        this.fleet.close();
    }

    private OrbitSpringCache cache(String name, NullPolicy nullPolicy) {
        return new OrbitSpringCache(name, this.fleet.cache(name, RingSpec.of(64, 256)), new DefaultOrbitKeyCodec(),
                new JacksonOrbitValueCodec(JsonMapper.shared(), List.of()), Duration.ZERO, nullPolicy,
                new OrbitSpringCache.SyncSupport(this.fleet.contest(), this.scheduler, Duration.ofSeconds(30),
                        Duration.ofSeconds(10)),
                () -> this.meters);
    }

    @Test
    void shouldPutGetAndEvict() {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        assertThat(cache.get("a")).isNull();
        cache.put("a", new Book("Dune", 1965));
        cache.put(new SimpleKey("a", 1), "composite");
        assertThat(cache.get("a").get()).isEqualTo(new Book("Dune", 1965));
        assertThat(cache.get("a", Book.class)).isEqualTo(new Book("Dune", 1965));
        assertThat(cache.get(new SimpleKey("a", 1)).get()).isEqualTo("composite");
        assertThat(cache.evictIfPresent("a")).isTrue();
        assertThat(cache.get("a")).isNull();
        assertThat(cache.getHitCount()).isEqualTo(3);
        assertThat(cache.getMissCount()).isEqualTo(2);
        assertThat(cache.getPutCount()).isEqualTo(2);
    }

    @Test
    void shouldClear() {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        cache.put("a", 1);
        cache.put("b", 2L);
        cache.clear();
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isNull();
        cache.put("a", 3);
        assertThat(cache.get("a").get()).isEqualTo(3);
    }

    @Test
    void shouldRefuseValueOfWrongType() {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        cache.put("a", "text");
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> cache.get("a", Integer.class))
            .withMessageContaining("not of required type");
    }

    @Test
    void shouldCacheNullsWhenAsked() {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        cache.put("a", null);
        Cache.ValueWrapper wrapper = cache.get("a");
        assertThat(wrapper).isNotNull();
        assertThat(wrapper.get()).isNull();
    }

    @Test
    void shouldSkipNullsWhenAsked() {
        OrbitSpringCache cache = cache("books", NullPolicy.SKIP_NULLS);
        cache.put("a", null);
        assertThat(cache.get("a")).isNull();
    }

    @Test
    void shouldNotCacheOversizeValueAndNeverThrow() {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        cache.put("a", "small");
        cache.put("a", "x".repeat(1000));
        cache.put("b", "y".repeat(1000));
        assertThat(cache.get("a")).as("an oversize put evicts the older value").isNull();
        assertThat(cache.get("b")).isNull();
        assertThat(cache.getSkippedCount()).isEqualTo(2);
        assertThat(this.oversize).hasValue(2);
    }

    @Test
    void shouldNotCacheUnencodableValue() {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        cache.put("a", List.of(1, "mixed"));
        assertThat(cache.get("a")).isNull();
        assertThat(cache.getSkippedCount()).isEqualTo(1);
    }

    @Test
    void shouldRoundTripGenericCollections() {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        cache.put("list", List.of(new Book("A", 1), new Book("B", 2)));
        assertThat(cache.get("list").get()).isEqualTo(List.of(new Book("A", 1), new Book("B", 2)));
    }

    @Test
    void shouldStoreLongKeysAsDigest() {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        String key = "k".repeat(500);
        cache.put(key, 1);
        assertThat(cache.get(key).get()).isEqualTo(1);
        assertThat(cache.get("k".repeat(499))).isNull();
    }

    @Test
    void shouldLoadOnceForConcurrentSyncGets() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(executor.submit(() -> cache.get("k", () -> {
                    loads.incrementAndGet();
                    release.await(10, TimeUnit.SECONDS);
                    return "v";
                })));
            }
            OrbitTestSupport.await(Duration.ofSeconds(10), () -> loads.get() == 1, "the first load");
            release.countDown();
            for (Future<Object> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("v");
            }
            assertThat(loads).hasValue(1);
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void shouldWaitForHolderOfSyncClaimAndTakeItsValue() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        ClaimResult claim = this.fleet.contest().tryClaim(Subject.of("cache:books:k"), "other", Duration.ofSeconds(30));
        Guard guard = ((dev.orbit.contest.Claimed) claim).guard();
        AtomicInteger loads = new AtomicInteger();
        CompletableFuture<Object> waiter = CompletableFuture.supplyAsync(() -> cache.get("k", () -> {
            loads.incrementAndGet();
            return "mine";
        }));
        cache.put("k", "theirs");
        guard.close();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("theirs");
        assertThat(loads).hasValue(0);
    }

    @Test
    void shouldLoadWhenHolderReleasesWithoutValue() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        ClaimResult claim = this.fleet.contest().tryClaim(Subject.of("cache:books:k"), "other", Duration.ofSeconds(30));
        Guard guard = ((dev.orbit.contest.Claimed) claim).guard();
        CompletableFuture<Object> waiter = CompletableFuture.supplyAsync(() -> cache.get("k", () -> "mine"));
        guard.close();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("mine");
        assertThat(cache.get("k").get()).isEqualTo("mine");
    }

    @Test
    void shouldWrapLoaderFailureAndReleaseClaim() {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        assertThatExceptionOfType(Cache.ValueRetrievalException.class)
            .isThrownBy(() -> cache.get("k", () -> {
                throw new IllegalStateException("boom");
            }))
            .withRootCauseInstanceOf(IllegalStateException.class);
        assertThat(this.fleet.contest().holder(Subject.of("cache:books:k"))).isEmpty();
    }

    @Test
    void shouldRetrieveAsynchronously() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        assertThat(cache.retrieve("k")).isNull();
        assertThat(cache.retrieve("k", () -> CompletableFuture.completedFuture("v")).get(10, TimeUnit.SECONDS))
            .isEqualTo("v");
        CompletableFuture<?> hit = cache.retrieve("k");
        assertThat(hit).isNotNull();
        assertThat(((Cache.ValueWrapper) hit.get()).get()).isEqualTo("v");
    }

    @Test
    void shouldTreatUndecodableEntryAsMiss() {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        cache.getNativeCache().put("a".getBytes(), new byte[] { 9, 9 });
        assertThat(cache.get("a")).isNull();
        assertThat(Optional.ofNullable(cache.get("b"))).isEmpty();
    }

    record Book(String title, int year) {
    }

}
