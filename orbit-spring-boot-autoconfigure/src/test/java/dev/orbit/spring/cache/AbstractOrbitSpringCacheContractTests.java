package dev.orbit.spring.cache;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.cache.Cache;
import org.springframework.cache.support.NullValue;
import tools.jackson.databind.json.JsonMapper;

import dev.orbit.fleet.Fleet;
import dev.orbit.ring.RingSpec;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.scheduling.OrbitScheduler;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Every {@link Cache} method of {@link OrbitSpringCache} against Spring Framework's {@link Cache} contract, for a
 * cache that stores nulls ({@link NullPolicy#CACHE_NULLS}) and one that skips them ({@link NullPolicy#SKIP_NULLS}).
 * Subclasses choose the fleet.
 */
abstract class AbstractOrbitSpringCacheContractTests {

    protected final ManualClock clock = new ManualClock();

    private Fleet fleet;

    private OrbitScheduler scheduler;

    private ExecutorService executor;

    /**
     * @return a fresh fleet on {@link #clock}.
     */
    protected abstract Fleet joinFleet();

    @BeforeEach
    void start() {
        this.fleet = joinFleet();
        this.scheduler = new OrbitScheduler();
        this.executor = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() {
        this.executor.shutdownNow();
        this.scheduler.destroy();
        this.fleet.close();
    }

    protected OrbitSpringCache cache(NullPolicy nullPolicy) {
        return cache("contract", nullPolicy, Duration.ZERO);
    }

    protected OrbitSpringCache cache(String name, NullPolicy nullPolicy, Duration timeToLive) {
        return new OrbitSpringCache(name, this.fleet, RingSpec.of(256, 512), new DefaultOrbitKeyCodec(),
                new JacksonOrbitValueCodec(JsonMapper.shared(), List.of("*")), timeToLive, nullPolicy,
                new OrbitSpringCache.SyncSupport(this.fleet.contest(), this.scheduler, Duration.ofSeconds(30),
                        Duration.ofSeconds(30)),
                () -> OrbitMeters.NONE);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    @Test
    void shouldNameItselfAndExposeTheFleetsCache() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        assertThat(cache.getName()).isEqualTo("contract");
        assertThat(cache.getNativeCache()).isSameAs(this.fleet.cache("contract", RingSpec.of(256, 512)));
        assertThat(cache.isAllowNullValues()).isTrue();
        assertThat(cache(NullPolicy.SKIP_NULLS).isAllowNullValues()).isFalse();
    }

    @Test
    void shouldPutAndReadBackThroughEveryGetter() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        assertThat(cache.get(key)).isNull();
        assertThat(cache.get(key, String.class)).isNull();
        assertThat(cache.get(key, Object.class)).isNull();
        cache.put(key, "george");
        assertThat(cache.get(key).get()).isEqualTo("george");
        assertThat(cache.get(key, String.class)).isEqualTo("george");
        assertThat(cache.get(key, Object.class)).isEqualTo("george");
        assertThat(cache.get(key, (Class<?>) null)).isEqualTo("george");
        cache.put(key, "aurel");
        assertThat(cache.get(key).get()).as("a put replaces").isEqualTo("aurel");
    }

    @Test
    void shouldStoreNullAndNullValueAsNullWhenNullsAreCached() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        cache.put(key, "george");
        cache.put(key, null);
        assertThat(cache.get(key)).isNotNull();
        assertThat(cache.get(key).get()).isNull();
        assertThat(cache.get(key, String.class)).isNull();
        cache.put(key, "george");
        cache.put(key, BeanUtils.instantiateClass(NullValue.class));
        assertThat(cache.get(key)).isNotNull();
        assertThat(cache.get(key).get()).isNull();
        assertThat(cache.get(key, Object.class)).isNull();
        cache.put(key, NullValue.INSTANCE);
        assertThat(cache.get(key).get()).isNull();
    }

    @Test
    void shouldEvictOnNullPutWhenNullsAreSkipped() {
        OrbitSpringCache cache = cache(NullPolicy.SKIP_NULLS);
        String key = key();
        cache.put(key, "old");
        cache.put(key, null);
        assertThat(cache.get(key)).as("a null put leaves no stale entry").isNull();
        cache.put(key, "old");
        cache.put(key, NullValue.INSTANCE);
        assertThat(cache.get(key)).isNull();
        assertThat(cache.putIfAbsent(key, null)).isNull();
        assertThat(cache.get(key)).as("nothing is stored for null").isNull();
    }

    @Test
    void shouldRefuseNullWhenNullsAreRejected() throws Exception {
        OrbitSpringCache cache = cache(NullPolicy.REJECT_NULLS);
        assertThat(cache.isAllowNullValues()).isFalse();
        String key = key();
        cache.put(key, "old");
        for (Object nullValue : Arrays.asList(null, NullValue.INSTANCE)) {
            assertThatIllegalArgumentException().isThrownBy(() -> cache.put(key, nullValue))
                .withMessageContaining("contract")
                .withMessageContaining("is configured to not allow null values but null was provided");
            assertThatIllegalArgumentException().isThrownBy(() -> cache.putIfAbsent(key(), nullValue));
        }
        assertThat(cache.get(key).get()).isEqualTo("old");
        String loadedKey = key();
        assertThatExceptionOfType(Cache.ValueRetrievalException.class)
            .isThrownBy(() -> cache.get(loadedKey, () -> null))
            .withCauseInstanceOf(IllegalArgumentException.class);
        assertThat(cache.get(loadedKey)).isNull();
        CompletableFuture<Object> retrieved = cache.retrieve(loadedKey, () -> CompletableFuture.completedFuture(null));
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> retrieved.get(10, TimeUnit.SECONDS))
            .withCauseInstanceOf(IllegalArgumentException.class);
        assertThat(cache.get(loadedKey)).isNull();
    }

    @Test
    void shouldReadANullCachedByAnotherProcessAsNullEvenWhenSkippingNulls() {
        OrbitSpringCache caching = cache(NullPolicy.CACHE_NULLS);
        OrbitSpringCache skipping = cache(NullPolicy.SKIP_NULLS);
        String key = key();
        caching.put(key, null);
        assertThat(skipping.get(key)).isNotNull();
        assertThat(skipping.get(key).get()).isNull();
        assertThat(skipping.get(key, String.class)).isNull();
    }

    @Test
    void shouldRefuseValueOfAnotherType() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        cache.put(key, "text");
        assertThatIllegalStateException().isThrownBy(() -> cache.get(key, Integer.class))
            .withMessageContaining("not of required type [java.lang.Integer]");
    }

    @Test
    void shouldPutIfAbsentOnlyWhenAbsent() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        assertThat(cache.putIfAbsent(key, "initialValue")).isNull();
        assertThat(cache.get(key).get()).isEqualTo("initialValue");
        assertThat(cache.putIfAbsent(key, "anotherValue").get()).isEqualTo("initialValue");
        assertThat(cache.get(key).get()).as("not changed").isEqualTo("initialValue");
    }

    @Test
    void shouldTreatACachedNullAsPresentInPutIfAbsent() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        assertThat(cache.putIfAbsent(key, null)).isNull();
        Cache.ValueWrapper existing = cache.putIfAbsent(key, "value");
        assertThat(existing).isNotNull();
        assertThat(existing.get()).isNull();
        assertThat(cache.get(key).get()).isNull();
    }

    @Test
    void shouldLetExactlyOneOfManyThreadsPutEachKeyIfAbsent() throws Exception {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        int threads = 8;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add("race-" + i);
        }
        Map<String, List<String>> winners = new ConcurrentHashMap<>();
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<?>> racers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String me = "thread-" + t;
            racers.add(this.executor.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                for (String key : keys) {
                    Cache.ValueWrapper existing = cache.putIfAbsent(key, me);
                    if (existing == null) {
                        winners.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>()).add(me);
                    }
                    else {
                        seen.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>()).add((String) existing.get());
                    }
                }
                return null;
            }));
        }
        for (Future<?> racer : racers) {
            racer.get(60, TimeUnit.SECONDS);
        }
        for (String key : keys) {
            assertThat(winners.get(key)).as("winners of %s", key).hasSize(1);
            String winner = winners.get(key).get(0);
            assertThat(seen.get(key)).as("what the losers of %s saw", key).hasSize(threads - 1).containsOnly(winner);
            assertThat(cache.get(key).get()).isEqualTo(winner);
        }
    }

    @Test
    void shouldEvictAKey() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        cache.put(key, "george");
        cache.put("other", "kept");
        cache.evict(key);
        assertThat(cache.get(key)).isNull();
        assertThat(cache.get("other").get()).isEqualTo("kept");
        cache.evict(key());
    }

    @Test
    void shouldTellWhetherAnEvictedKeyWasPresent() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        assertThat(cache.evictIfPresent(key)).isFalse();
        cache.put(key, "george");
        assertThat(cache.evictIfPresent(key)).isTrue();
        assertThat(cache.get(key)).as("immediately invisible").isNull();
        assertThat(cache.evictIfPresent(key)).isFalse();
        cache.put(key, null);
        assertThat(cache.evictIfPresent(key)).as("a cached null is a mapping").isTrue();
    }

    @Test
    void shouldClear() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        assertThat(cache.get("enescu")).isNull();
        cache.put("enescu", "george");
        assertThat(cache.get("vlaicu")).isNull();
        cache.put("vlaicu", "aurel");
        cache.clear();
        assertThat(cache.get("vlaicu")).isNull();
        assertThat(cache.get("enescu")).isNull();
        cache.put("enescu", "again");
        assertThat(cache.get("enescu").get()).isEqualTo("again");
    }

    @Test
    void shouldTellWhetherAnInvalidatedCacheHadEntries() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        assertThat(cache.invalidate()).as("empty").isFalse();
        cache.put("a", "1");
        cache.put("b", null);
        assertThat(cache.invalidate()).isTrue();
        assertThat(cache.get("a")).as("immediately invisible").isNull();
        assertThat(cache.get("b")).isNull();
        assertThat(cache.invalidate()).as("emptied by the last one").isFalse();
        cache.put("a", "1");
        cache.evict("a");
        assertThat(cache.invalidate()).as("only an evicted entry").isFalse();
        cache.put("c", "1");
        cache.clear();
        assertThat(cache.invalidate()).as("only a cleared entry").isFalse();
    }

    @Test
    void shouldNotCountExpiredEntriesAsMappingsWhenInvalidating() {
        OrbitSpringCache cache = cache("expiring", NullPolicy.CACHE_NULLS, Duration.ofSeconds(10));
        cache.put("a", "1");
        this.clock.advance(Duration.ofSeconds(11));
        assertThat(cache.get("a")).isNull();
        assertThat(cache.invalidate()).isFalse();
        cache.put("b", "2");
        assertThat(cache.invalidate()).isTrue();
    }

    @Test
    void shouldSeeEntriesOfAnotherCacheInstanceWhenInvalidating() {
        OrbitSpringCache writer = cache(NullPolicy.CACHE_NULLS);
        OrbitSpringCache other = cache(NullPolicy.CACHE_NULLS);
        writer.put("a", "1");
        assertThat(other.invalidate()).isTrue();
        assertThat(writer.get("a")).isNull();
    }

    @Test
    void shouldLoadOnMissAndStoreTheLoadedValue() {
        for (NullPolicy policy : NullPolicy.values()) {
            OrbitSpringCache cache = cache(policy);
            String key = key();
            assertThat(cache.get(key, () -> "test")).isEqualTo("test");
            assertThat(cache.get(key).get()).isEqualTo("test");
        }
    }

    @Test
    void shouldLoadAndCacheNullWhenNullsAreCached() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        Object loaded = cache.get(key, () -> null);
        assertThat(loaded).isNull();
        assertThat(cache.get(key)).isNotNull();
        assertThat(cache.get(key).get()).isNull();
    }

    @Test
    void shouldLoadButNotStoreNullWhenNullsAreSkipped() {
        OrbitSpringCache cache = cache(NullPolicy.SKIP_NULLS);
        String key = key();
        Object loaded = cache.get(key, () -> null);
        assertThat(loaded).isNull();
        assertThat(cache.get(key)).isNull();
    }

    @Test
    void shouldNotCallTheLoaderOnAHit() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String existing = key();
        String nullKey = key();
        cache.put(existing, "existing");
        cache.put(nullKey, null);
        Callable<Object> failing = () -> {
            throw new IllegalStateException("Should not have been invoked");
        };
        assertThat(cache.get(existing, failing)).isEqualTo("existing");
        assertThat(cache.get(nullKey, failing)).isNull();
    }

    @Test
    void shouldWrapWhatTheLoaderThrows() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        assertThatExceptionOfType(Cache.ValueRetrievalException.class)
            .isThrownBy(() -> cache.get(key(), () -> {
                throw new UnsupportedOperationException("Expected exception");
            }))
            .satisfies((ex) -> assertThat(ex.getCause()).isExactlyInstanceOf(UnsupportedOperationException.class));
        assertThatExceptionOfType(Cache.ValueRetrievalException.class)
            .isThrownBy(() -> cache.get(key(), () -> {
                throw new IOException("checked");
            }))
            .satisfies((ex) -> assertThat(ex.getCause()).isExactlyInstanceOf(IOException.class));
    }

    @Test
    void shouldCallTheLoaderOnceForConcurrentCallers() throws Exception {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        AtomicInteger counter = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(this.executor.submit(() -> cache.get(key, () -> {
                started.incrementAndGet();
                release.await(30, TimeUnit.SECONDS);
                return counter.incrementAndGet();
            })));
        }
        Await.until(Duration.ofSeconds(30), () -> started.get() > 0, "the load to start");
        release.countDown();
        for (Future<Object> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(counter).hasValue(1);
    }

    @Test
    void shouldRetrieveNothingImmediatelyOnAMiss() {
        assertThat(cache(NullPolicy.CACHE_NULLS).retrieve(key())).isNull();
        assertThat(cache(NullPolicy.SKIP_NULLS).retrieve(key())).isNull();
    }

    @Test
    void shouldRetrieveAWrappedValueWhenNullsAreCached() throws Exception {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        String nullKey = key();
        cache.put(key, "v");
        cache.put(nullKey, null);
        assertThat(((Cache.ValueWrapper) cache.retrieve(key).get(10, TimeUnit.SECONDS)).get()).isEqualTo("v");
        Object cachedNull = cache.retrieve(nullKey).get(10, TimeUnit.SECONDS);
        assertThat(cachedNull).isInstanceOf(Cache.ValueWrapper.class);
        assertThat(((Cache.ValueWrapper) cachedNull).get()).isNull();
    }

    @Test
    void shouldRetrieveAPlainValueWhenNullsAreSkipped() throws Exception {
        OrbitSpringCache cache = cache(NullPolicy.SKIP_NULLS);
        String key = key();
        cache.put(key, "v");
        assertThat(cache.retrieve(key).get(10, TimeUnit.SECONDS)).isEqualTo("v");
    }

    @Test
    void shouldRetrieveWithLoaderOnAMissAndStore() throws Exception {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        assertThat(cache.retrieve(key, () -> CompletableFuture.completedFuture("v")).get(10, TimeUnit.SECONDS))
            .isEqualTo("v");
        assertThat(cache.get(key).get()).isEqualTo("v");
        assertThat(cache.retrieve(key, () -> {
            throw new IllegalStateException("Should not have been invoked");
        }).get(10, TimeUnit.SECONDS)).isEqualTo("v");
    }

    @Test
    void shouldRetrieveANullLoadedOrCachedAsNull() throws Exception {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        assertThat(cache.retrieve(key, () -> CompletableFuture.completedFuture((Object) null))
            .get(10, TimeUnit.SECONDS)).isNull();
        assertThat(cache.get(key)).isNotNull();
        assertThat(cache.retrieve(key, () -> CompletableFuture.completedFuture((Object) "other"))
            .get(10, TimeUnit.SECONDS)).as("a user-level null, from the cache").isNull();
    }

    @Test
    void shouldCompleteRetrievalWithTheLoadersOwnException() throws Exception {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        IOException failure = new IOException("backend down");
        CompletableFuture<Object> retrieved = cache.retrieve(key(), () -> CompletableFuture.failedFuture(failure));
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> retrieved.get(10, TimeUnit.SECONDS))
            .satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
        AtomicReference<Throwable> handled = new AtomicReference<>();
        retrieved.exceptionally((ex) -> {
            handled.set(ex);
            return null;
        }).get(10, TimeUnit.SECONDS);
        assertThat(handled.get()).as("not wrapped in a ValueRetrievalException").isSameAs(failure);

        IllegalStateException thrown = new IllegalStateException("thrown by the supplier");
        CompletableFuture<Object> supplierFailed = cache.retrieve(key(), () -> {
            throw thrown;
        });
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> supplierFailed.get(10, TimeUnit.SECONDS))
            .satisfies((ex) -> assertThat(ex.getCause()).isSameAs(thrown));

        CompletableFuture<Object> dependent = cache.retrieve(key(), () -> CompletableFuture.completedFuture("x")
            .thenCompose((x) -> CompletableFuture.failedFuture(failure)));
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> dependent.get(10, TimeUnit.SECONDS))
            .satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
    }

    @Test
    void shouldCallTheAsynchronousLoaderOnceForConcurrentRetrievals() throws Exception {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> loading = new CompletableFuture<>();
        List<CompletableFuture<String>> retrieved = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            retrieved.add(cache.retrieve(key, () -> {
                calls.incrementAndGet();
                return loading;
            }));
        }
        assertThat(retrieved).noneMatch(CompletableFuture::isDone);
        loading.complete("v");
        for (CompletableFuture<String> future : retrieved) {
            assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("v");
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldLetEachJoinedRetrievalLoadAfterTheLeadersLoaderFailed() throws Exception {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        CompletableFuture<String> leading = new CompletableFuture<>();
        CompletableFuture<String> leader = cache.retrieve(key, () -> leading);
        CompletableFuture<String> joined = cache.retrieve(key, () -> CompletableFuture.completedFuture("mine"));
        assertThat(joined).isNotDone();
        leading.completeExceptionally(new IOException("leader failed"));
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> leader.get(10, TimeUnit.SECONDS))
            .withCauseInstanceOf(IOException.class);
        assertThat(joined.get(10, TimeUnit.SECONDS)).isEqualTo("mine");
    }

    @Test
    void shouldStoreCopiesAndHandOutCopies() throws Exception {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        List<String> value = new ArrayList<>(List.of("a"));
        cache.put(key, value);
        value.add("changed after the put");
        @SuppressWarnings("unchecked")
        List<String> read = (List<String>) cache.get(key).get();
        assertThat(read).containsExactly("a");
        read.add("changed after the read");
        assertThat(cache.get(key).get()).isEqualTo(List.of("a")).isNotSameAs(read);
        Object first = cache.get(key, Object.class);
        assertThat(first).isNotSameAs(cache.get(key, Object.class));
    }

    @Test
    void shouldHandEachThreadThatJoinedALoadItsOwnCopy() throws Exception {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        String key = key();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(this.executor.submit(() -> cache.get(key, () -> {
                started.incrementAndGet();
                release.await(30, TimeUnit.SECONDS);
                return new ArrayList<>(List.of("a"));
            })));
        }
        Await.until(Duration.ofSeconds(30), () -> started.get() == 1, "the load to start");
        release.countDown();
        Set<Object> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Future<Object> result : results) {
            Object value = result.get(30, TimeUnit.SECONDS);
            assertThat(value).isEqualTo(List.of("a"));
            distinct.add(value);
        }
        assertThat(distinct).as("no two threads share one mutable value").hasSize(4);
        assertThat(started).hasValue(1);
    }

    @Test
    void shouldRefuseANullKey() {
        OrbitSpringCache cache = cache(NullPolicy.CACHE_NULLS);
        for (Runnable call : Arrays.<Runnable>asList(() -> cache.get(null), () -> cache.put(null, "v"),
                () -> cache.putIfAbsent(null, "v"), () -> cache.evict(null))) {
            assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(call::run)
                .withMessageContaining("cache key must not be null")
                .withMessageContaining("contract");
        }
    }

}
