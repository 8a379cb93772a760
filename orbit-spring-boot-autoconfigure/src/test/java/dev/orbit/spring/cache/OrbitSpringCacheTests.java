package dev.orbit.spring.cache;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.SimpleKey;
import tools.jackson.databind.json.JsonMapper;

import dev.orbit.cache.CacheStats;
import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Contest;
import dev.orbit.contest.ContestStats;
import dev.orbit.contest.Fence;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Holder;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.ring.RingSpec;
import dev.orbit.spring.boot.autoconfigure.OrbitTestSupport;
import dev.orbit.spring.metrics.OrbitMeters;
import dev.orbit.spring.scheduling.OrbitScheduler;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.Background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link OrbitSpringCache} over an in-process fleet.
 */
class OrbitSpringCacheTests {

    private Fleet fleet;

    private OrbitScheduler scheduler;

    private final AtomicInteger oversize = new AtomicInteger();

    private final AtomicInteger syncFallbacks = new AtomicInteger();

    private final List<String> lostWrites = new CopyOnWriteArrayList<>();

    private final OrbitMeters meters = new OrbitMeters() {

        @Override
        public void cacheOversize(String cacheName) {
            OrbitSpringCacheTests.this.oversize.incrementAndGet();
        }

        @Override
        public void cacheSyncFallback(String cacheName) {
            OrbitSpringCacheTests.this.syncFallbacks.incrementAndGet();
        }

        @Override
        public void cacheWriteLost(String cacheName, String operation) {
            OrbitSpringCacheTests.this.lostWrites.add(cacheName + ":" + operation);
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
        return cache(name, nullPolicy, this.fleet, Duration.ofSeconds(10), 64);
    }

    private OrbitSpringCache cache(String name, NullPolicy nullPolicy, Fleet fleet, Duration syncTimeout,
            int stripes) {
        return cache(name, nullPolicy, fleet.cache(name, RingSpec.of(64, 256)), fleet.contest(), syncTimeout,
                stripes);
    }

    private OrbitSpringCache cache(String name, NullPolicy nullPolicy, OrbitCache orbitCache, Contest contest,
            Duration syncTimeout, int stripes) {
        return new OrbitSpringCache(name, orbitCache, new DefaultOrbitKeyCodec(),
                new JacksonOrbitValueCodec(JsonMapper.shared(), List.of("dev.orbit.spring")), Duration.ZERO,
                nullPolicy,
                new OrbitSpringCache.SyncSupport(contest, this.scheduler, Duration.ofSeconds(30), syncTimeout,
                        stripes),
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
    void shouldAllocateOnlyTheValueOnAHit() throws Exception {
        OrbitSpringCache cache = new OrbitSpringCache("hits", this.fleet.cache("hits", RingSpec.of(1024, 256)),
                new DefaultOrbitKeyCodec(), new SimpleOrbitValueCodec(), Duration.ZERO, NullPolicy.CACHE_NULLS, null,
                () -> this.meters);
        Object[] keys = new Object[64];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = switch (i % 3) {
                case 0 -> 1_000_000L + i;
                case 1 -> i;
                default -> "isbn-" + i;
            };
            cache.put(keys[i], String.format("value-%010d", i));
        }
        byte[] utf8 = "value-0000000000".getBytes(StandardCharsets.UTF_8);
        Callable<String> loader = () -> {
            throw new IllegalStateException("expected a hit");
        };
        long value = bytesPerCall(() -> new String(utf8, StandardCharsets.UTF_8));
        long sync = bytesPerCall(() -> cache.get(keys[ThreadLocalRandom.current().nextInt(keys.length)], loader));
        long wrapped = bytesPerCall(() -> cache.get(keys[ThreadLocalRandom.current().nextInt(keys.length)]).get());
        assertThat(value).isPositive();
        assertThat(sync).as("bytes per get(key, loader) hit; the value alone: %d", value).isLessThanOrEqualTo(value + 2);
        assertThat(wrapped).as("bytes per get(key) hit; the value and a wrapper: %d", value + 16)
            .isLessThanOrEqualTo(value + 16 + 2);
        assertThat(cache.getMissCount()).isZero();
    }

    /**
     * @return bytes this thread allocates per call of {@code call}, after a warm-up.
     */
    private static long bytesPerCall(Supplier<Object> call) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
            .getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int calls = 20_000;
        Object[] sink = new Object[1];
        for (int i = 0; i < calls; i++) {
            sink[0] = call.get();
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            sink[0] = call.get();
        }
        long after = threads.getThreadAllocatedBytes(thread);
        assertThat(sink[0]).isNotNull();
        return (after - before) / calls;
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
            Await.until(Duration.ofSeconds(10), () -> loads.get() == 1, "the first load");
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
        ClaimResult claim = this.fleet.contest().tryClaim(cache.syncSubject("k"), "other", Duration.ofSeconds(30));
        Guard guard = ((dev.orbit.contest.Claimed) claim).guard();
        AtomicInteger loads = new AtomicInteger();
        CompletableFuture<Object> waiter = Background.supply(() -> cache.get("k", () -> {
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
        ClaimResult claim = this.fleet.contest().tryClaim(cache.syncSubject("k"), "other", Duration.ofSeconds(30));
        Guard guard = ((dev.orbit.contest.Claimed) claim).guard();
        CompletableFuture<Object> waiter = Background.supply(() -> cache.get("k", () -> "mine"));
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
        assertThat(this.fleet.contest().holder(cache.syncSubject("k"))).isEmpty();
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

    @Test
    void shouldUseOnlySyncStripesClaimSubjectsPerCache() {
        try (Fleet small = Fleet.builder().name(OrbitTestSupport.uniqueFleetName()).claimSlots(16).join()) {
            OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, small, Duration.ofSeconds(10), 8);
            for (int i = 0; i < 200; i++) {
                String key = "k" + i;
                assertThat(cache.get(key, () -> "v-" + key)).isEqualTo("v-" + key);
            }
            assertThat(cache.getSyncFallbackCount()).isZero();
            assertThat(small.contest().tryClaim(Subject.of("job"), "test", Duration.ofSeconds(30)))
                .as("200 keys took 8 of the 16 slots, so other subjects can still be claimed")
                .isInstanceOf(dev.orbit.contest.Claimed.class);
        }
    }

    @Test
    void shouldSpreadKeysOverStripesStably() {
        assertThat(OrbitSpringCache.stripe("k", 1)).isZero();
        assertThat(OrbitSpringCache.stripe("k", 64)).isEqualTo(OrbitSpringCache.stripe(new String("k"), 64));
        Set<Integer> stripes = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int stripe = OrbitSpringCache.stripe("key-" + i, 64);
            assertThat(stripe).isBetween(0, 63);
            stripes.add(stripe);
        }
        assertThat(stripes).hasSize(64);
    }

    @Test
    void shouldSerialiseLoadsOfKeysOfOneStripe() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, this.fleet, Duration.ofSeconds(30), 1);
        assertThat(cache.syncSubject("a")).isEqualTo(cache.syncSubject("b")).isEqualTo(Subject.of("cache:books#0"));
        ClaimResult claim = this.fleet.contest().tryClaim(cache.syncSubject("a"), "other", Duration.ofSeconds(30));
        Guard guard = ((dev.orbit.contest.Claimed) claim).guard();
        AtomicInteger loads = new AtomicInteger();
        CompletableFuture<Object> waiter = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                waiter.complete(cache.get("b", () -> {
                    loads.incrementAndGet();
                    return "b";
                }));
            }
            catch (Throwable ex) {
                waiter.completeExceptionally(ex);
            }
        });
        thread.start();
        Await.until(Duration.ofSeconds(10), () -> thread.getState() == Thread.State.TIMED_WAITING,
                "the load of b to wait");
        assertThat(loads).as("b waits while another holder loads a key of its stripe").hasValue(0);
        guard.close();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("b");
        assertThat(loads).hasValue(1);
    }

    @Test
    void shouldRunNestedLoadOfHeldStripeUnderItsClaim() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, this.fleet, Duration.ofSeconds(30), 1);
        CompletableFuture<Object> outer = Background
            .supply(() -> cache.get("a", () -> "a+" + cache.get("b", () -> "b")));
        assertThat(outer.get(10, TimeUnit.SECONDS)).as("not after the 30s sync timeout").isEqualTo("a+b");
        assertThat(cache.get("b").get()).isEqualTo("b");
    }

    @Test
    void shouldLoadLocallyWhenClaimsTableIsFull() {
        try (Fleet small = Fleet.builder().name(OrbitTestSupport.uniqueFleetName()).claimSlots(16).join()) {
            for (int i = 0; i < 16; i++) {
                small.contest().tryClaim(Subject.of("job-" + i), "test", Duration.ofSeconds(30));
            }
            OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, small, Duration.ofSeconds(10), 64);
            assertThat(cache.get("k", () -> "v")).isEqualTo("v");
            assertThat(cache.get("k2", () -> "v2")).isEqualTo("v2");
            assertThat(cache.get("k").get()).isEqualTo("v");
            assertThat(cache.getSyncFallbackCount()).isEqualTo(2);
            assertThat(this.syncFallbacks).hasValue(2);
        }
    }

    @Test
    void shouldLoadLocallyWhenContestFailsWhileWaiting() throws Exception {
        AtomicBoolean failing = new AtomicBoolean();
        Contest contest = new DelegatingContest(this.fleet.contest()) {

            @Override
            public Optional<Holder> holder(Subject subject) {
                if (failing.get()) {
                    throw new IllegalStateException("fleet closed");
                }
                return super.holder(subject);
            }

        };
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, this.fleet.cache("books", RingSpec.of(64, 256)),
                contest, Duration.ofSeconds(30), 64);
        ClaimResult claim = this.fleet.contest().tryClaim(cache.syncSubject("k"), "other", Duration.ofSeconds(30));
        try (Guard guard = ((dev.orbit.contest.Claimed) claim).guard()) {
            CompletableFuture<Object> waiter = Background.supply(() -> cache.get("k", () -> "mine"));
            failing.set(true);
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("mine");
            assertThat(cache.getSyncFallbackCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldStopWaitingWhenInterrupted() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, this.fleet, Duration.ofSeconds(30), 64);
        ClaimResult claim = this.fleet.contest().tryClaim(cache.syncSubject("k"), "other", Duration.ofSeconds(30));
        try (Guard guard = ((dev.orbit.contest.Claimed) claim).guard()) {
            AtomicInteger loads = new AtomicInteger();
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            AtomicBoolean interruptKept = new AtomicBoolean();
            Thread waiter = new Thread(() -> {
                try {
                    cache.get("k", () -> {
                        loads.incrementAndGet();
                        return "mine";
                    });
                    failure.complete(null);
                }
                catch (Throwable ex) {
                    interruptKept.set(Thread.currentThread().isInterrupted());
                    failure.complete(ex);
                }
            });
            waiter.start();
            Await.until(Duration.ofSeconds(10), () -> waiter.getState() == Thread.State.TIMED_WAITING,
                    "the waiter to park");
            waiter.interrupt();
            assertThat(failure.get(10, TimeUnit.SECONDS)).as("stops waiting long before the 30s sync timeout")
                .isInstanceOf(Cache.ValueRetrievalException.class)
                .hasCauseInstanceOf(InterruptedException.class);
            assertThat(interruptKept).isTrue();
            assertThat(loads).hasValue(0);
        }
    }

    @Test
    void shouldLetJoinedThreadsLoadWhenLeadingWaiterIsInterrupted() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, this.fleet, Duration.ofSeconds(30), 64);
        ClaimResult claim = this.fleet.contest().tryClaim(cache.syncSubject("k"), "other", Duration.ofSeconds(30));
        Guard guard = ((dev.orbit.contest.Claimed) claim).guard();
        CompletableFuture<Object> leader = new CompletableFuture<>();
        Thread leading = new Thread(() -> {
            try {
                leader.complete(cache.get("k", () -> "leader"));
            }
            catch (Throwable ex) {
                leader.completeExceptionally(ex);
            }
        });
        leading.start();
        Await.until(Duration.ofSeconds(10), () -> leading.getState() == Thread.State.TIMED_WAITING,
                "the leader to park");
        CompletableFuture<Object> joined = new CompletableFuture<>();
        Thread joining = new Thread(() -> {
            try {
                joined.complete(cache.get("k", () -> "joined"));
            }
            catch (Throwable ex) {
                joined.completeExceptionally(ex);
            }
        });
        joining.start();
        Await.until(Duration.ofSeconds(10), () -> joining.getState() == Thread.State.WAITING,
                "the second thread to join the leader's load");
        leading.interrupt();
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> leader.get(10, TimeUnit.SECONDS))
            .withCauseInstanceOf(Cache.ValueRetrievalException.class);
        guard.close();
        assertThat(joined.get(10, TimeUnit.SECONDS)).isEqualTo("joined");
    }

    @Test
    void shouldWaitInPutIfAbsentForTheHolderOfTheStripeAndReturnItsValue() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        try (Guard guard = holdStripeOf(cache, "k")) {
            CompletableFuture<Cache.ValueWrapper> putting = new CompletableFuture<>();
            Thread thread = start(() -> putting.complete(cache.putIfAbsent("k", "mine")));
            Await.until(Duration.ofSeconds(10), () -> thread.getState() == Thread.State.TIMED_WAITING,
                    "putIfAbsent to wait for the holder");
            cache.put("k", "theirs");
            assertThat(putting.get(10, TimeUnit.SECONDS).get()).isEqualTo("theirs");
            assertThat(cache.get("k").get()).isEqualTo("theirs");
            assertThat(guard.isHeld()).as("it never took the claim").isTrue();
        }
    }

    @Test
    void shouldPutIfAbsentOnceTheHolderReleasesWithoutAValue() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        Guard guard = holdStripeOf(cache, "k");
        CompletableFuture<Cache.ValueWrapper> putting = new CompletableFuture<>();
        Thread thread = start(() -> putting.complete(cache.putIfAbsent("k", "mine")));
        Await.until(Duration.ofSeconds(10), () -> thread.getState() == Thread.State.TIMED_WAITING,
                "putIfAbsent to wait for the holder");
        assertThat(putting).isNotDone();
        guard.close();
        assertThat(putting.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(cache.get("k").get()).isEqualTo("mine");
        assertThat(cache.getSyncFallbackCount()).isZero();
    }

    @Test
    void shouldKeepWaitingInPutIfAbsentWhenInterruptedAndKeepTheFlag() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        try (Guard guard = holdStripeOf(cache, "k")) {
            CompletableFuture<Cache.ValueWrapper> putting = new CompletableFuture<>();
            AtomicBoolean interruptKept = new AtomicBoolean();
            Thread thread = start(() -> {
                putting.complete(cache.putIfAbsent("k", "mine"));
                interruptKept.set(Thread.currentThread().isInterrupted());
            });
            Await.until(Duration.ofSeconds(10), () -> thread.getState() == Thread.State.TIMED_WAITING,
                    "putIfAbsent to wait for the holder");
            thread.interrupt();
            cache.put("k", "theirs");
            assertThat(putting.get(10, TimeUnit.SECONDS).get()).isEqualTo("theirs");
            thread.join(10_000);
            assertThat(interruptKept).isTrue();
            assertThat(cache.getSyncFallbackCount()).as("it did not give up the atomicity").isZero();
            assertThat(guard.isHeld()).isTrue();
        }
    }

    @Test
    void shouldPutIfAbsentWithoutTheClaimAfterTheSyncTimeout() {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, this.fleet, Duration.ofMillis(200), 64);
        try (Guard guard = holdStripeOf(cache, "k")) {
            assertThat(cache.putIfAbsent("k", "mine")).isNull();
            assertThat(cache.get("k").get()).isEqualTo("mine");
            assertThat(cache.getSyncFallbackCount()).isEqualTo(1);
            assertThat(this.syncFallbacks).hasValue(1);
            assertThat(guard.isHeld()).isTrue();
        }
    }

    @Test
    void shouldPutIfAbsentUnderTheStripeALoaderAlreadyHolds() {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, this.fleet, Duration.ofSeconds(30), 1);
        Object loaded = cache.get("a", () -> {
            assertThat(cache.putIfAbsent("b", "b")).isNull();
            return "a";
        });
        assertThat(loaded).isEqualTo("a");
        assertThat(cache.get("b").get()).isEqualTo("b");
        assertThat(cache.getSyncFallbackCount()).as("not after the 30s sync timeout").isZero();
    }

    @Test
    void shouldPutIfAbsentAtomicallyWithinTheProcessWhenTheContestFails() throws Exception {
        try (Fleet small = Fleet.builder().name(OrbitTestSupport.uniqueFleetName()).claimSlots(16).join()) {
            for (int i = 0; i < 16; i++) {
                small.contest().tryClaim(Subject.of("job-" + i), "test", Duration.ofSeconds(30));
            }
            OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, small, Duration.ofSeconds(10), 64);
            ExecutorService executor = Executors.newFixedThreadPool(4);
            try {
                List<Future<Cache.ValueWrapper>> results = new ArrayList<>();
                CountDownLatch start = new CountDownLatch(1);
                for (int i = 0; i < 4; i++) {
                    String value = "v" + i;
                    results.add(executor.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return cache.putIfAbsent("k", value);
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Cache.ValueWrapper> result : results) {
                    winners += (result.get(10, TimeUnit.SECONDS) == null) ? 1 : 0;
                }
                assertThat(winners).isEqualTo(1);
                assertThat(cache.getSyncFallbackCount()).isPositive();
            }
            finally {
                executor.shutdownNow();
            }
        }
    }

    @Test
    void shouldNotBlockARetrievalWhileAnotherProcessHoldsTheStripe() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        try (Guard guard = holdStripeOf(cache, "k")) {
            AtomicInteger loads = new AtomicInteger();
            CompletableFuture<Object> retrieved = cache.retrieve("k", () -> {
                loads.incrementAndGet();
                return CompletableFuture.completedFuture("mine");
            });
            assertThat(retrieved).as("returned to the caller while the holder still loads").isNotDone();
            cache.put("k", "theirs");
            assertThat(retrieved.get(10, TimeUnit.SECONDS)).isEqualTo("theirs");
            assertThat(loads).hasValue(0);
            assertThat(guard.isHeld()).isTrue();
        }
    }

    @Test
    void shouldLoadARetrievalOnAnOrbitThreadOnceTheHolderReleases() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        Guard guard = holdStripeOf(cache, "k");
        AtomicReference<String> loadedOn = new AtomicReference<>();
        CompletableFuture<Object> retrieved = cache.retrieve("k", () -> {
            loadedOn.set(Thread.currentThread().getName());
            return CompletableFuture.completedFuture("mine");
        });
        assertThat(retrieved).isNotDone();
        guard.close();
        assertThat(retrieved.get(10, TimeUnit.SECONDS)).isEqualTo("mine");
        assertThat(loadedOn.get()).startsWith("orbit-cache-wait-");
        assertThat(cache.get("k").get()).isEqualTo("mine");
        assertThat(this.fleet.contest().holder(cache.syncSubject("k"))).as("released after the load").isEmpty();
    }

    @Test
    void shouldHoldTheStripeUntilAnAsynchronousLoadCompletes() throws Exception {
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS);
        CompletableFuture<String> loading = new CompletableFuture<>();
        CompletableFuture<String> retrieved = cache.retrieve("k", () -> loading);
        assertThat(this.fleet.contest().holder(cache.syncSubject("k"))).as("claimed while loading").isPresent();
        loading.complete("v");
        assertThat(retrieved.get(10, TimeUnit.SECONDS)).isEqualTo("v");
        assertThat(this.fleet.contest().holder(cache.syncSubject("k"))).isEmpty();
        assertThat(cache.get("k").get()).isEqualTo("v");
    }

    private Guard holdStripeOf(OrbitSpringCache cache, String key) {
        ClaimResult claim = this.fleet.contest().tryClaim(cache.syncSubject(key), "other", Duration.ofSeconds(30));
        return ((dev.orbit.contest.Claimed) claim).guard();
    }

    private static Thread start(Runnable task) {
        Thread thread = new Thread(task, "cache-test");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Test
    void shouldRetryLostEviction() {
        FlakyOrbitCache flaky = new FlakyOrbitCache(this.fleet.cache("books", RingSpec.of(64, 256)));
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, flaky, this.fleet.contest(),
                Duration.ofSeconds(10), 64);
        cache.put("a", "old");
        flaky.loseNext(OrbitSpringCache.WRITE_ATTEMPTS - 1);
        cache.evict("a");
        assertThat(cache.get("a")).as("the eviction was retried").isNull();
        assertThat(cache.getLostWriteCount()).isZero();
        assertThat(this.lostWrites).isEmpty();
    }

    @Test
    void shouldCountEvictionStillLostAfterRetries() {
        FlakyOrbitCache flaky = new FlakyOrbitCache(this.fleet.cache("books", RingSpec.of(64, 256)));
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, flaky, this.fleet.contest(),
                Duration.ofSeconds(10), 64);
        cache.put("a", "old");
        flaky.loseNext(OrbitSpringCache.WRITE_ATTEMPTS);
        cache.evict("a");
        assertThat(cache.get("a").get()).isEqualTo("old");
        flaky.loseNext(OrbitSpringCache.WRITE_ATTEMPTS);
        assertThat(cache.evictIfPresent("a")).isTrue();
        flaky.loseNext(OrbitSpringCache.WRITE_ATTEMPTS);
        cache.clear();
        flaky.loseNext(OrbitSpringCache.WRITE_ATTEMPTS);
        cache.put("a", "new");
        assertThat(cache.get("a").get()).isEqualTo("old");
        assertThat(cache.getLostWriteCount()).isEqualTo(4);
        assertThat(this.lostWrites).containsExactly("books:evict", "books:evict", "books:clear", "books:put");
        assertThat(flaky.attempts()).isEqualTo(1 + 4 * OrbitSpringCache.WRITE_ATTEMPTS);
    }

    @Test
    void shouldRetryLostClearAndOversizeEviction() {
        FlakyOrbitCache flaky = new FlakyOrbitCache(this.fleet.cache("books", RingSpec.of(64, 256)));
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, flaky, this.fleet.contest(),
                Duration.ofSeconds(10), 64);
        cache.put("a", "old");
        cache.put("b", "old");
        flaky.loseNext(2);
        cache.clear();
        assertThat(cache.get("a")).isNull();
        cache.put("b", "old");
        flaky.loseNext(2);
        cache.put("b", "x".repeat(1000));
        assertThat(cache.get("b")).as("the oversize put's eviction was retried").isNull();
        assertThat(cache.getLostWriteCount()).isZero();
    }

    @Test
    void shouldNeverFailBusinessCallWhenCacheRefusesWrites() {
        FlakyOrbitCache flaky = new FlakyOrbitCache(this.fleet.cache("books", RingSpec.of(64, 256)));
        OrbitSpringCache cache = cache("books", NullPolicy.CACHE_NULLS, flaky, this.fleet.contest(),
                Duration.ofSeconds(10), 64);
        flaky.failWith(new IllegalStateException("fleet closed"));
        cache.put("a", "v");
        cache.putIfAbsent("b", "v");
        cache.evict("a");
        cache.clear();
        assertThat(cache.get("c", () -> "loaded")).isEqualTo("loaded");
        assertThat(this.lostWrites).containsExactly("books:put", "books:put", "books:evict", "books:clear",
                "books:put");
        assertThat(cache.getPutCount()).isZero();
    }

    record Book(String title, int year) {
    }

    /**
     * Loses or refuses writes on demand.
     */
    static final class FlakyOrbitCache implements OrbitCache {

        private final OrbitCache delegate;

        private final AtomicInteger toLose = new AtomicInteger();

        private final AtomicInteger attempts = new AtomicInteger();

        private volatile RuntimeException failure;

        FlakyOrbitCache(OrbitCache delegate) {
            this.delegate = delegate;
        }

        void loseNext(int writes) {
            this.toLose.set(writes);
        }

        void failWith(RuntimeException failure) {
            this.failure = failure;
        }

        int attempts() {
            return this.attempts.get();
        }

        private boolean write(BooleanSupplier write) {
            this.attempts.incrementAndGet();
            if (this.failure != null) {
                throw this.failure;
            }
            if (this.toLose.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
                return false;
            }
            return write.getAsBoolean();
        }

        @Override
        public String name() {
            return this.delegate.name();
        }

        @Override
        public int maxKeyLength() {
            return this.delegate.maxKeyLength();
        }

        @Override
        public int maxValueLength(int keyLength) {
            return this.delegate.maxValueLength(keyLength);
        }

        @Override
        public boolean put(byte[] key, byte[] value, Duration ttl) {
            return write(() -> this.delegate.put(key, value, ttl));
        }

        @Override
        public boolean put(ByteBuffer key, ByteBuffer value, Duration ttl) {
            return write(() -> this.delegate.put(key, value, ttl));
        }

        @Override
        public Optional<byte[]> get(byte[] key) {
            return this.delegate.get(key);
        }

        @Override
        public boolean get(ByteBuffer key, ValueHandler handler) {
            return this.delegate.get(key, handler);
        }

        @Override
        public boolean delete(byte[] key) {
            return write(() -> this.delegate.delete(key));
        }

        @Override
        public boolean resetPrefix(byte[] prefix) {
            return write(() -> this.delegate.resetPrefix(prefix));
        }

        @Override
        public OrbitCache view(byte[] prefix) {
            return this.delegate.view(prefix);
        }

        @Override
        public CacheStats stats() {
            return this.delegate.stats();
        }

    }

    /**
     * Delegates to a contest; tests override what should fail.
     */
    static class DelegatingContest implements Contest {

        private final Contest delegate;

        DelegatingContest(Contest delegate) {
            this.delegate = delegate;
        }

        @Override
        public ClaimResult tryClaim(Subject subject, String owner, Duration ttl) {
            return this.delegate.tryClaim(subject, owner, ttl);
        }

        @Override
        public Optional<Holder> holder(Subject subject) {
            return this.delegate.holder(subject);
        }

        @Override
        public List<Holder> holders() {
            return this.delegate.holders();
        }

        @Override
        public Fence fence(Subject subject) {
            return this.delegate.fence(subject);
        }

        @Override
        public ContestStats stats() {
            return this.delegate.stats();
        }

    }

}
