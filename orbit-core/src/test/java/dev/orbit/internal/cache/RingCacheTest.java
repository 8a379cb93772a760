package dev.orbit.internal.cache;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.orbit.cache.CacheFrameDescriptor;
import dev.orbit.cache.CacheStats;
import dev.orbit.cache.OrbitCache;
import dev.orbit.internal.memory.BufferAccess;
import dev.orbit.internal.ring.OwnerLiveness;
import dev.orbit.internal.ring.Rings;
import dev.orbit.internal.ring.SeqWord;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingDescriptor;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.SlotDescriptor;
import dev.orbit.testsupport.ManualClock;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingCacheTest {

    private static final int CAPACITY = 64;
    private static final int PAYLOAD = 128;
    private static final long START_MS = 1_700_000_000_000L;

    private final ManualClock clock = new ManualClock(0);

    {
        clock.update(START_MS);
    }

    @Test
    void shouldReturnNewestValueWhenKeyIsPutTwice() {
        final OrbitCache cache = cache(ring(CAPACITY));

        assertThat(cache.put(bytes("k"), bytes("v1"))).isTrue();
        assertThat(cache.put(bytes("k"), bytes("v2"))).isTrue();

        assertThat(text(cache, "k")).isEqualTo("v2");
        assertThat(text(cache, "other")).isNull();
        assertThat(cache.stats()).isEqualTo(new CacheStats(1, 1, 2, 0, 0, 0, 0));
    }

    @Test
    void shouldMissAfterDeleteAndHitWhenPutAgain() {
        final OrbitCache cache = cache(ring(CAPACITY));
        cache.put(bytes("k"), bytes("v1"));

        assertThat(cache.delete(bytes("k"))).isTrue();
        assertThat(text(cache, "k")).isNull();

        cache.put(bytes("k"), bytes("v2"));
        assertThat(text(cache, "k")).isEqualTo("v2");
        assertThat(cache.stats().deletes()).isEqualTo(1);
    }

    @Test
    void shouldShadowOnlyOlderEntriesUnderPrefixWhenPrefixIsReset() {
        final OrbitCache cache = cache(ring(CAPACITY));
        cache.put(bytes("user:1"), bytes("alice"));
        cache.put(bytes("user:22"), bytes("bob"));
        cache.put(bytes("user"), bytes("not under user:"));
        cache.put(bytes("order:1"), bytes("book"));
        cache.put(bytes("u"), bytes("short"));

        assertThat(cache.resetPrefix(bytes("user:"))).isTrue();

        assertThat(text(cache, "user:1")).isNull();
        assertThat(text(cache, "user:22")).isNull();
        assertThat(text(cache, "user")).isEqualTo("not under user:");
        assertThat(text(cache, "order:1")).isEqualTo("book");
        assertThat(text(cache, "u")).isEqualTo("short");

        cache.put(bytes("user:1"), bytes("carol"));
        assertThat(text(cache, "user:1")).isEqualTo("carol");
        assertThat(text(cache, "user:22")).isNull();
    }

    @Test
    void shouldShadowKeysUnderEachPrefixWhenPrefixesOfSeveralLengthsAreReset() {
        final OrbitCache cache = cache(ring(CAPACITY));
        cache.put(bytes("a:x"), bytes("1"));
        cache.put(bytes("bb:x"), bytes("2"));
        cache.put(bytes("ccc:x"), bytes("3"));
        cache.resetPrefix(bytes("a:"));
        cache.resetPrefix(bytes("ccc:"));

        assertThat(text(cache, "a:x")).isNull();
        assertThat(text(cache, "bb:x")).isEqualTo("2");
        assertThat(text(cache, "ccc:x")).isNull();

        cache.resetPrefix(bytes("bb:x"));
        assertThat(text(cache, "bb:x")).as("a prefix equal to the whole key covers it").isNull();
    }

    @Test
    void shouldMissEverythingWhenClearedAndHitLaterPuts() {
        final OrbitCache cache = cache(ring(CAPACITY));
        cache.put(bytes("a"), bytes("1"));
        cache.put(bytes("b"), bytes("2"));

        assertThat(cache.clear()).isTrue();
        assertThat(text(cache, "a")).isNull();
        assertThat(text(cache, "b")).isNull();

        cache.put(bytes("a"), bytes("3"));
        assertThat(text(cache, "a")).isEqualTo("3");
    }

    @Test
    void shouldIsolateViewsWhenPrefixesDiffer() {
        final OrbitCache cache = cache(ring(CAPACITY));
        final OrbitCache users = cache.view(bytes("users/"));
        final OrbitCache orders = cache.view(bytes("orders/"));

        users.put(bytes("1"), bytes("alice"));
        orders.put(bytes("1"), bytes("book"));

        assertThat(text(users, "1")).isEqualTo("alice");
        assertThat(text(orders, "1")).isEqualTo("book");
        assertThat(text(cache, "users/1")).isEqualTo("alice");
        assertThat(text(cache, "1")).isNull();
        assertThat(users.maxKeyLength()).isEqualTo(cache.maxKeyLength() - "users/".length());
        assertThat(users.maxValueLength(1)).isEqualTo(cache.maxValueLength(1 + "users/".length()));

        assertThat(users.clear()).isTrue();
        assertThat(text(users, "1")).isNull();
        assertThat(text(orders, "1")).isEqualTo("book");

        final OrbitCache archived = orders.view(bytes("archived/"));
        archived.put(bytes("7"), bytes("lamp"));
        assertThat(text(cache, "orders/archived/7")).isEqualTo("lamp");
        orders.resetPrefix(bytes("archived/"));
        assertThat(text(archived, "7")).isNull();
        assertThat(text(orders, "1")).isEqualTo("book");

        orders.delete(bytes("1"));
        assertThat(text(cache, "orders/1")).isNull();
    }

    @Test
    void shouldHitBeforeTtlAndMissAfterWhenInjectedClockPasses() {
        final OrbitCache cache = cache(ring(CAPACITY));
        cache.put(bytes("session"), bytes("token"), Duration.ofSeconds(5));
        cache.put(bytes("tiny"), bytes("x"), Duration.ofNanos(1));

        clock.update(START_MS + 4_999);
        assertThat(text(cache, "session")).isEqualTo("token");
        assertThat(text(cache, "tiny")).as("a sub-millisecond ttl is rounded up, not forever").isNull();

        clock.update(START_MS + 5_000);
        assertThat(text(cache, "session")).isNull();

        cache.put(bytes("forever"), bytes("v"), Duration.ZERO);
        cache.put(bytes("huge"), bytes("v"), Duration.ofSeconds(Long.MAX_VALUE));
        clock.update(Long.MAX_VALUE - 1);
        assertThat(text(cache, "forever")).isEqualTo("v");
        assertThat(text(cache, "huge")).isEqualTo("v");
    }

    @Test
    void shouldRejectNegativeTtl() {
        final OrbitCache cache = cache(ring(CAPACITY));
        assertThatThrownBy(() -> cache.put(bytes("k"), bytes("v"), Duration.ofMillis(-1)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("ttl=PT-0.001S")
            .hasMessageContaining("cache=test");
    }

    @Test
    void shouldNotEvictEachOtherWhenCachesUseTwoRings() {
        final OrbitCache quiet = Caches.over(ring(16), "quiet", clock);
        final OrbitCache busy = Caches.over(ring(16), "busy", clock);
        quiet.put(bytes("k"), bytes("kept"));

        for (int i = 0; i < 100; i++) {
            busy.put(bytes("key" + i), bytes("v" + i));
        }

        assertThat(text(quiet, "k")).isEqualTo("kept");
        assertThat(text(busy, "key0")).isNull();
        assertThat(text(busy, "key99")).isEqualTo("v99");
    }

    @Test
    void shouldMissWhenEntryIsLappedByNewerWrites() {
        final Ring ring = ring(16);
        final RingCache cache = new RingCache(ring, "test", clock, KeyHasher.DEFAULT);
        cache.put(bytes("old"), bytes("v"));
        for (int i = 0; i < 15; i++) {
            cache.put(bytes("k" + i), bytes("v"));
        }
        assertThat(text(cache, "old")).as("still within the ring's capacity").isEqualTo("v");

        cache.put(bytes("k15"), bytes("v"));
        final int indexed = cache.indexSize();

        assertThat(text(cache, "old")).isNull();
        assertThat(cache.indexSize()).as("the lapped entry leaves the index").isEqualTo(indexed - 1);
        assertThat(text(cache, "k15")).isEqualTo("v");
    }

    @Test
    void shouldKeepIndexBoundedWhenManyDistinctKeysPassThrough() {
        final RingCache cache = new RingCache(ring(16), "test", clock, KeyHasher.DEFAULT);
        for (int i = 0; i < 10_000; i++) {
            cache.put(bytes("key" + i), bytes("v"));
            if (i % 100 == 0) {
                cache.resetPrefix(bytes("key" + i));
            }
        }
        assertThat(cache.indexSize()).isLessThanOrEqualTo(2 * 16 + 1);
        assertThat(text(cache, "key9999")).isEqualTo("v");
    }

    @Test
    void shouldHitInOtherHandleWhenPutHasReturned() {
        final ByteBuffer memory = ringMemory(RingSpec.of(CAPACITY, PAYLOAD));
        final OrbitCache a = Caches.over(process(memory, 1), "shared", clock);
        final OrbitCache b = Caches.over(process(memory, 2), "shared", clock);

        a.put(bytes("k"), bytes("from a"));
        assertThat(text(b, "k")).isEqualTo("from a");

        b.delete(bytes("k"));
        assertThat(text(a, "k")).isNull();

        b.put(bytes("user:1"), bytes("x"));
        a.resetPrefix(bytes("user:"));
        assertThat(text(b, "user:1")).as("b learns the reset from the ring").isNull();

        final OrbitCache late = Caches.over(process(memory, 3), "shared", clock);
        a.put(bytes("k2"), bytes("v2"));
        assertThat(text(late, "k2")).isEqualTo("v2");
        assertThat(text(late, "user:1")).as("a cache opened later indexes the existing frames").isNull();
    }

    @Test
    void shouldKeepHighestCounterWhenOlderPutCommitsLate() {
        final RingSpec spec = RingSpec.of(CAPACITY, PAYLOAD);
        final ByteBuffer memory = ringMemory(spec);
        final OrbitCache a = Caches.over(process(memory, 1), "shared", clock);
        final OrbitCache b = Caches.over(process(memory, 2), "shared", clock);
        a.put(bytes("k"), bytes("v0"));

        final long stalled = reserve(memory, spec, 1);
        b.put(bytes("k"), bytes("v2"));
        assertThat(text(a, "k")).isEqualTo("v2");
        assertThat(text(b, "k")).isEqualTo("v2");

        commit(memory, spec, 1, stalled, frame(CacheFrameDescriptor.PUT, "k", "v1"));

        assertThat(text(a, "k")).as("the late frame has the lower counter").isEqualTo("v2");
        assertThat(text(b, "k")).isEqualTo("v2");
        assertThat(text(Caches.over(process(memory, 3), "shared", clock), "k")).isEqualTo("v2");
        assertThat(a.stats().unavailable()).isZero();
    }

    @Test
    void shouldKeepNewerDeleteWhenOlderPutCommitsLate() {
        final RingSpec spec = RingSpec.of(CAPACITY, PAYLOAD);
        final ByteBuffer memory = ringMemory(spec);
        final OrbitCache a = Caches.over(process(memory, 1), "shared", clock);
        final OrbitCache b = Caches.over(process(memory, 2), "shared", clock);

        final long stalled = reserve(memory, spec, 1);
        b.delete(bytes("k"));
        assertThat(text(a, "k")).isNull();

        commit(memory, spec, 1, stalled, frame(CacheFrameDescriptor.PUT, "k", "resurrected?"));

        assertThat(text(a, "k")).isNull();
        assertThat(text(b, "k")).isNull();
    }

    @Test
    void shouldKeepNewerPutWhenOlderDeleteOrResetCommitsLate() {
        final RingSpec spec = RingSpec.of(CAPACITY, PAYLOAD);
        final ByteBuffer memory = ringMemory(spec);
        final OrbitCache a = Caches.over(process(memory, 1), "shared", clock);
        final OrbitCache b = Caches.over(process(memory, 2), "shared", clock);

        final long stalledDelete = reserve(memory, spec, 1);
        final long stalledReset = reserve(memory, spec, 1);
        final long stalledClear = reserve(memory, spec, 1);
        b.put(bytes("k"), bytes("newest"));
        b.put(bytes("p:k"), bytes("newest"));
        assertThat(text(a, "k")).isEqualTo("newest");

        commit(memory, spec, 1, stalledReset, frame(CacheFrameDescriptor.RESET_PREFIX, "p:", ""));
        commit(memory, spec, 1, stalledClear, frame(CacheFrameDescriptor.RESET_PREFIX, "", ""));
        commit(memory, spec, 1, stalledDelete, frame(CacheFrameDescriptor.DELETE, "k", ""));

        assertThat(text(a, "k")).isEqualTo("newest");
        assertThat(text(a, "p:k")).isEqualTo("newest");
        assertThat(text(b, "k")).isEqualTo("newest");
        assertThat(text(b, "p:k")).isEqualTo("newest");
    }

    @Test
    void shouldShadowOlderPutWhenNewerResetCommitsLate() {
        final RingSpec spec = RingSpec.of(CAPACITY, PAYLOAD);
        final ByteBuffer memory = ringMemory(spec);
        final OrbitCache a = Caches.over(process(memory, 1), "shared", clock);
        final OrbitCache b = Caches.over(process(memory, 2), "shared", clock);
        b.put(bytes("p:k"), bytes("old"));

        final long stalledReset = reserve(memory, spec, 1);
        assertThat(text(a, "p:k")).isEqualTo("old");

        commit(memory, spec, 1, stalledReset, frame(CacheFrameDescriptor.RESET_PREFIX, "p:", ""));
        assertThat(text(a, "p:k")).isNull();
    }

    @Test
    void shouldCountLostWriteWhenSlotIsHeldByStalledWriter() {
        final RingSpec spec = RingSpec.of(2, PAYLOAD);
        final ByteBuffer memory = ringMemory(spec);
        final OrbitCache cache = Caches.over(process(memory, 2), "shared", clock);

        reserve(memory, spec, 1);
        assertThat(cache.put(bytes("a"), bytes("1"))).isTrue();
        assertThat(cache.put(bytes("b"), bytes("2"))).as("lands on the stalled writer's slot").isFalse();

        assertThat(cache.stats().lostWrites()).isEqualTo(1);
        assertThat(cache.stats().puts()).isEqualTo(1);
        assertThat(text(cache, "b")).isNull();
    }

    @Test
    void shouldCountMalformedFramesAsUnavailableAndKeepServingGets() {
        final Ring ring = ring(CAPACITY);
        final OrbitCache cache = cache(ring);
        cache.put(bytes("k"), bytes("v"));

        ring.publish(0, 0, new byte[0]);
        ring.publish(CacheFrameDescriptor.PUT, 0, new byte[] {1, 2, 3});
        ring.publish(CacheFrameDescriptor.DELETE, 0, frame(CacheFrameDescriptor.PUT, "k", "kind differs"));
        ring.publish(9, 0, frame(9, "k", "unknown op"));
        final byte[] longer = frame(CacheFrameDescriptor.PUT, "k", "lengths lie");
        ring.publish(CacheFrameDescriptor.PUT, 0, longer, 0, longer.length - 1);
        final byte[] garbage = new byte[PAYLOAD];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte)(i * 31 + 7);
        }
        ring.publish(CacheFrameDescriptor.PUT, 0, garbage);
        ring.publish(255, 0, garbage);

        assertThat(text(cache, "k")).isEqualTo("v");
        assertThat(cache.stats().unavailable()).isEqualTo(7);
        assertThat(cache.put(bytes("k"), bytes("v2"))).isTrue();
        assertThat(text(cache, "k")).isEqualTo("v2");

        final OrbitCache opened = cache(ring);
        assertThat(text(opened, "k")).isEqualTo("v2");
        assertThat(opened.stats().unavailable()).isEqualTo(7);
    }

    @Test
    void shouldCountOverwrittenFramesWhenIndexFallsBehindRing() {
        final Ring ring = ring(16);
        final OrbitCache reader = cache(ring);
        for (int i = 0; i < 40; i++) {
            ring.publish(CacheFrameDescriptor.PUT, 0, frame(CacheFrameDescriptor.PUT, "k" + i, "v"));
        }
        assertThat(text(reader, "k39")).isEqualTo("v");
        assertThat(reader.stats().overwritten()).isEqualTo(24);
    }

    @Test
    void shouldNameLengthsAndLimitsWhenKeyOrValueIsTooLarge() {
        final OrbitCache cache = cache(ring(CAPACITY));
        assertThat(cache.maxKeyLength()).isEqualTo(PAYLOAD - 13);
        assertThat(cache.maxValueLength(10)).isEqualTo(PAYLOAD - 13 - 10);

        assertThatThrownBy(() -> cache.put(new byte[PAYLOAD - 12], new byte[0]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("keyLength=116")
            .hasMessageContaining("valueLength=0")
            .hasMessageContaining("maxKeyLength=115")
            .hasMessageContaining("payloadCapacity=128")
            .hasMessageContaining("cache=test");
        assertThatThrownBy(() -> cache.put(new byte[10], new byte[106]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("keyLength=10")
            .hasMessageContaining("valueLength=106")
            .hasMessageContaining("maxValueLength=105");
        assertThatThrownBy(() -> cache.view(bytes("v/")).put(new byte[10], new byte[104]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("keyLength=12")
            .hasMessageContaining("viewPrefixLength=2");
        assertThatThrownBy(() -> cache.resetPrefix(new byte[200]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("prefixLength=200");
        assertThatThrownBy(() -> cache.view(new byte[116]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("prefixLength=116");
        assertThat(cache.put(new byte[10], new byte[105])).isTrue();
        assertThat(cache.get(new byte[PAYLOAD])).as("a key too long to store is a miss").isEmpty();
    }

    @Test
    void shouldCapKeyAndValueAtSixteenBitsWhenSlotsAreLarger() {
        final OrbitCache cache = Caches.over(
            Rings.allocate(Kinds.CACHE, RingSpec.of(2, 1 << 17), 1, clock, Rings.DEFAULT_PENDING_TIMEOUT_MS),
            "big", clock);
        assertThat(cache.maxKeyLength()).isEqualTo(65_535);
        assertThat(cache.maxValueLength(1)).isEqualTo(65_535);

        assertThatThrownBy(() -> cache.put(new byte[65_536], new byte[0]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("keyLength=65536")
            .hasMessageContaining("maxKeyLength=65535")
            .hasMessageContaining("cache=big");
        assertThatThrownBy(() -> cache.put(new byte[1], new byte[65_536]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("valueLength=65536")
            .hasMessageContaining("maxValueLength=65535");
        final byte[] value = new byte[65_535];
        value[65_534] = 42;
        assertThat(cache.put(new byte[100], value)).isTrue();
        assertThat(cache.put(new byte[65_535], new byte[] {7})).isTrue();
        assertThat(cache.get(new byte[100])).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
        assertThat(cache.get(new byte[65_535])).hasValueSatisfying(v -> assertThat(v).containsExactly(7));
    }

    @Test
    void shouldHitEveryKeyWhenAllKeysShareOneHash() {
        final ByteBuffer memory = ringMemory(RingSpec.of(1024, PAYLOAD));
        final KeyHasher oneHash = (buffer, offset, length) -> 42L;
        final RingCache writer = new RingCache(process(memory, 1), "test", clock, oneHash);
        final int keys = 200;
        for (int i = 0; i < keys; i++) {
            assertThat(writer.put(bytes("key-" + i), bytes("value-" + i))).isTrue();
        }
        assertThat(writer.put(bytes("key-7"), bytes("value-7b"))).isTrue();
        final RingCache reader = new RingCache(process(memory, 2), "test", clock, oneHash);

        for (final RingCache cache : List.of(writer, reader)) {
            for (int i = 0; i < keys; i++) {
                assertThat(text(cache, "key-" + i)).isEqualTo(i == 7 ? "value-7b" : "value-" + i);
            }
            assertThat(text(cache, "key-" + keys)).isNull();
            assertThat(cache.get(ByteBuffer.wrap(bytes("absent")), (buffer, offset, length) -> {
                throw new AssertionError("handler called for a key never put");
            })).isFalse();
        }
        assertThat(reader.indexSize()).isEqualTo(keys);
    }

    @Test
    void shouldNeverHandOutAnotherKeysValueWhenGetsRaceInsertsResizesAndUpdates() throws Exception {
        // Half the keys share one hash, so the optimistic reads walk a chain whose records the writer keeps
        // inserting into and relinking (each resize); the readers share the writer's cache instance.
        final KeyHasher halfCollide = (buffer, offset, length) ->
            (buffer.get(offset + length - 1) & 1) == 0 ? 42L : KeyHasher.DEFAULT.hash(buffer, offset, length);
        final RingCache cache = new RingCache(ring(65_536), "test", clock, halfCollide);
        final int anchors = 8;
        for (int i = 0; i < anchors; i++) {
            assertThat(cache.put(bytes("anchor-" + i), bytes("anchor-" + i + "=0"))).isTrue();
        }
        final int writes = 8_000;
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicLong checked = new AtomicLong();
        final List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            final int seed = r;
            final Thread reader = new Thread(() -> {
                final ByteBuffer copy = ByteBuffer.allocate(PAYLOAD);
                int next = seed;
                while (writing.get() && failure.get() == null) {
                    final boolean anchor = (next & 3) == 0;
                    final String key = anchor ? "anchor-" + (next % anchors) : "key-" + (next % writes);
                    next += 7;
                    copy.clear();
                    final boolean hit = cache.get(ByteBuffer.wrap(bytes(key)), (buffer, offset, length) -> {
                        copy.put(0, buffer, offset, length);
                        copy.limit(length);
                    });
                    if (anchor && !hit) {
                        failure.compareAndSet(null, "present key missed: " + key);
                    }
                    if (hit) {
                        final String value = UTF_8.decode(copy).toString();
                        if (!value.startsWith(key + "=")) {
                            failure.compareAndSet(null, "key " + key + " was handed " + value);
                        }
                    }
                    checked.incrementAndGet();
                }
            }, "cache-reader-" + r);
            reader.start();
            readers.add(reader);
        }
        try {
            for (int i = 0; i < writes && failure.get() == null; i++) {
                assertThat(cache.put(bytes("key-" + i), bytes("key-" + i + "=" + i))).isTrue();
                if (i % 16 == 0) {
                    final int anchor = (i / 16) % anchors;
                    assertThat(cache.put(bytes("anchor-" + anchor), bytes("anchor-" + anchor + "=" + i))).isTrue();
                }
            }
        }
        finally {
            writing.set(false);
            for (final Thread reader : readers) {
                reader.join(60_000);
            }
        }

        assertThat(failure.get()).isNull();
        assertThat(checked.get()).isPositive();
        for (int i = 0; i < writes; i += 997) {
            assertThat(text(cache, "key-" + i)).isEqualTo("key-" + i + "=" + i);
        }
    }

    @Test
    void shouldDeleteAndResetOnlyTheirOwnKeysWhenHashesCollide() {
        final ByteBuffer memory = ringMemory(RingSpec.of(1024, PAYLOAD));
        final KeyHasher oneHash = (buffer, offset, length) -> 42L;
        final RingCache writer = new RingCache(process(memory, 1), "test", clock, oneHash);
        for (final String prefix : List.of("a:", "b:", "c:")) {
            for (int i = 0; i < 10; i++) {
                writer.put(bytes(prefix + i), bytes(prefix + "v" + i));
            }
        }
        writer.delete(bytes("a:3"));
        writer.resetPrefix(bytes("b:"));
        writer.view(bytes("c:")).delete(bytes("5"));
        writer.put(bytes("b:9"), bytes("b:again"));
        final RingCache reader = new RingCache(process(memory, 2), "test", clock, oneHash);

        for (final RingCache cache : List.of(writer, reader)) {
            for (int i = 0; i < 10; i++) {
                assertThat(text(cache, "a:" + i)).isEqualTo(i == 3 ? null : "a:v" + i);
                assertThat(text(cache, "b:" + i)).isEqualTo(i == 9 ? "b:again" : null);
                assertThat(text(cache, "c:" + i)).isEqualTo(i == 5 ? null : "c:v" + i);
            }
        }
    }

    @Test
    void shouldResetOnlyItsOwnPrefixWhenPrefixHashesCollide() {
        final KeyHasher prefixesCollide = (buffer, offset, length) ->
            length == 5 ? 7L : KeyHasher.DEFAULT.hash(buffer, offset, length);
        final RingCache cache = new RingCache(ring(CAPACITY), "test", clock, prefixesCollide);
        cache.put(bytes("users:1"), bytes("u"));
        cache.put(bytes("items:1"), bytes("i"));

        cache.resetPrefix(bytes("users"));

        assertThat(text(cache, "users:1")).isNull();
        assertThat(text(cache, "items:1")).as("another prefix of the same length and hash").isEqualTo("i");
    }

    @Test
    void shouldLeaveBufferPositionsUnchangedWhenUsingByteBufferVariants() {
        final OrbitCache cache = cache(ring(CAPACITY));
        final ByteBuffer key = ByteBuffer.wrap(bytes("xxkeyxx")).position(2).limit(5);
        final ByteBuffer value = ByteBuffer.allocateDirect(16).order(ByteOrder.BIG_ENDIAN);
        value.put(bytes("..value")).flip().position(2);

        assertThat(cache.put(key, value, Duration.ZERO)).isTrue();
        assertThat(key.position()).isEqualTo(2);
        assertThat(key.limit()).isEqualTo(5);
        assertThat(value.position()).isEqualTo(2);
        assertThat(value.limit()).isEqualTo(7);

        final ByteBuffer lookupKey = ByteBuffer.allocateDirect(8).put(bytes("_key")).flip().position(1);
        final byte[][] seen = new byte[1][];
        assertThat(cache.get(lookupKey, (buffer, offset, length) -> {
            seen[0] = new byte[length];
            buffer.get(offset, seen[0]);
        })).isTrue();
        assertThat(new String(seen[0], UTF_8)).isEqualTo("value");
        assertThat(lookupKey.position()).isEqualTo(1);
        assertThat(lookupKey.limit()).isEqualTo(4);
        assertThat(text(cache, "key")).isEqualTo("value");

        final OrbitCache view = cache.view(bytes("v:"));
        assertThat(view.put(key, value, Duration.ZERO)).isTrue();
        assertThat(view.get(lookupKey.asReadOnlyBuffer(), (buffer, offset, length) -> { })).isTrue();
        assertThat(key.position()).isEqualTo(2);
        assertThat(value.position()).isEqualTo(2);
        assertThat(lookupKey.position()).isEqualTo(1);
        assertThat(text(cache, "v:key")).isEqualTo("value");
    }

    @Test
    void shouldRejectRingTooSmallForFrameHeader() {
        final Ring ring = Rings.allocate(Kinds.CACHE, RingSpec.of(2, 12), 1, clock, 1000);
        assertThatThrownBy(() -> Caches.over(ring, "tiny", clock))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("payloadCapacity=12")
            .hasMessageContaining("cache=tiny");
    }

    @Test
    void shouldSeeOwnWritesAndOnlyWrittenValuesWhenThreadsShareCache() throws InterruptedException {
        final OrbitCache cache = Caches.over(
            Rings.allocate(Kinds.CACHE, RingSpec.of(16_384, PAYLOAD), 1, clock, Rings.DEFAULT_PENDING_TIMEOUT_MS),
            "shared", clock);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            final int thread = t;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 2_000; i++) {
                        final String key = thread + ":" + (i % 100);
                        final String value = key + "=" + i;
                        assertThat(cache.put(bytes(key), bytes(value))).isTrue();
                        assertThat(text(cache, key)).isEqualTo(value);
                        final String other = ((thread + 1) % 4) + ":" + (i % 100);
                        final String seen = text(cache, other);
                        if (seen != null) {
                            assertThat(seen).startsWith(other + "=");
                        }
                    }
                }
                catch (final Throwable ex) {
                    failure.compareAndSet(null, ex);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (final Thread thread : threads) {
            thread.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(cache.stats().puts()).isEqualTo(8_000);
        assertThat(text(cache, "3:99")).isEqualTo("3:99=1999");
    }

    @Test
    void shouldNotAllocateWhenPuttingAndGettingWithByteBuffers() {
        final OrbitCache cache = cache(ring(1024));
        final ByteBuffer key = ByteBuffer.allocateDirect(24).putLong(0, 1).putLong(8, 2).putLong(16, 3);
        final ByteBuffer absent = ByteBuffer.allocateDirect(24).putLong(0, 4);
        final ByteBuffer value = ByteBuffer.allocateDirect(40);
        final long[] sink = new long[1];
        final OrbitCache.ValueHandler handler = (buffer, offset, length) -> sink[0] += length;
        final OrbitCache view = cache.view(bytes("view:"));
        final Duration ttl = Duration.ofHours(1);

        for (int i = 0; i < 20_000; i++) {
            cacheOps(cache, view, key, absent, value, handler, ttl);
        }
        final long before = allocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            cacheOps(cache, view, key, absent, value, handler, ttl);
        }
        final long allocated = allocatedBytes() - before;

        assertThat(sink[0]).isPositive();
        assertThat(allocated).as("bytes allocated by 50,000 puts and gets").isLessThan(10_000);
    }

    private static void cacheOps(
        final OrbitCache cache,
        final OrbitCache view,
        final ByteBuffer key,
        final ByteBuffer absent,
        final ByteBuffer value,
        final OrbitCache.ValueHandler handler,
        final Duration ttl) {
        cache.put(key, value, ttl);
        cache.get(key, handler);
        cache.get(absent, handler);
        view.put(key, value, Duration.ZERO);
        view.get(key, handler);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private Ring ring(final int capacity) {
        return Rings.allocate(Kinds.CACHE, RingSpec.of(capacity, PAYLOAD), 1, clock, Rings.DEFAULT_PENDING_TIMEOUT_MS);
    }

    private OrbitCache cache(final Ring ring) {
        return Caches.over(ring, "test", clock);
    }

    /**
     * The memory of a ring that several handles open with their own node ids, as sibling processes do.
     */
    private static ByteBuffer ringMemory(final RingSpec spec) {
        final ByteBuffer memory = ByteBuffer.allocateDirect((int)spec.length() + SlotDescriptor.ALIGNMENT)
            .alignedSlice(SlotDescriptor.ALIGNMENT)
            .order(ByteOrder.LITTLE_ENDIAN);
        Rings.initialise(memory, Kinds.CACHE, spec);
        return memory;
    }

    private Ring process(final ByteBuffer memory, final int node) {
        return Rings.over(memory, node, OwnerLiveness.neverGone(), clock, Rings.DEFAULT_PENDING_TIMEOUT_MS, true);
    }

    /**
     * A writer of {@code node} that reserves the next counter and claims its slot, then stalls.
     */
    private static long reserve(final ByteBuffer memory, final RingSpec spec, final int node) {
        final long counter = BufferAccess.getAndAddLong(memory, RingDescriptor.HEAD_OFFSET, 1L);
        final int slot = slot(spec, counter);
        final long word = BufferAccess.getLongVolatile(memory, slot);
        assertThat(BufferAccess.compareAndSetLong(memory, slot, word, SeqWord.pack(counter, node, SeqWord.WRITING))).isTrue();
        return counter;
    }

    /**
     * The stalled writer finishes: frame fields, then the committed sequence word.
     */
    private static void commit(
        final ByteBuffer memory, final RingSpec spec, final int node, final long counter, final byte[] payload) {
        final int slot = slot(spec, counter);
        BufferAccess.putLong(memory, slot + SlotDescriptor.ID_OFFSET, NetId64.pack(Kinds.CACHE, node, counter));
        BufferAccess.putLong(memory, slot + SlotDescriptor.VERSION_OFFSET, 0L);
        BufferAccess.putInt(memory, slot + SlotDescriptor.LENGTH_OFFSET, payload.length);
        memory.put(slot + SlotDescriptor.FRAME_KIND_OFFSET, payload[CacheFrameDescriptor.OP_OFFSET]);
        memory.put(SlotDescriptor.payloadOffset(slot), payload);
        BufferAccess.putLongRelease(memory, slot, SeqWord.pack(counter, node, SeqWord.COMMITTED));
    }

    private static int slot(final RingSpec spec, final long counter) {
        return RingDescriptor.slotOffset((int)(counter & (spec.capacity() - 1)), spec.stride());
    }

    private static byte[] frame(final int op, final String key, final String value) {
        final byte[] k = bytes(key);
        final byte[] v = bytes(value);
        final ByteBuffer frame = ByteBuffer.allocate(CacheFrameDescriptor.frameLength(k.length, v.length));
        CacheFrameDescriptor.writeHeader(frame, 0, op, k.length, v.length, 0);
        frame.put(CacheFrameDescriptor.keyOffset(0), k);
        frame.put(CacheFrameDescriptor.valueOffset(0, k.length), v);
        return frame.array();
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(final OrbitCache cache, final String key) {
        final Optional<byte[]> value = cache.get(bytes(key));
        return value.map(v -> new String(v, UTF_8)).orElse(null);
    }
}
