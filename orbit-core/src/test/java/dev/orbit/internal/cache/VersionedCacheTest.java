package dev.orbit.internal.cache;

import java.nio.ByteBuffer;
import java.time.Duration;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;

import dev.orbit.cache.CacheFrameDescriptor;
import dev.orbit.cache.OrbitCache;
import dev.orbit.internal.VersionedCache;
import dev.orbit.internal.ring.Rings;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingSpec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A near cache of a fleet-wide store orders entries by the store's version, not by when their frames commit.
 */
class VersionedCacheTest {

    private static final long START_MS = 1_700_000_000_000L;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final Ring ring = Rings.allocate(Kinds.CACHE, RingSpec.of(64, 128), 1, clock, 1000);
    private final OrbitCache writer = Caches.over(ring, "near", clock);
    private final OrbitCache reader = Caches.over(ring, "near", clock);

    {
        clock.update(START_MS);
    }

    @Test
    void shouldNeverLetAValueFetchedBeforeAnInvalidationWinWhenItCommitsAfterIt() {
        final VersionedCache near = (VersionedCache)writer;
        near.putAsOf(bytes("k"), bytes("v1"), Duration.ZERO, 5);
        assertThat(text(reader, "k")).isEqualTo("v1");

        near.deleteAsOf(bytes("k"), 7);
        near.putAsOf(bytes("k"), bytes("v1-fetched-late"), Duration.ZERO, 6);
        assertThat(text(reader, "k")).as("a fetch as of 6 lands after the tombstone of 7").isNull();
        assertThat(text(writer, "k")).isNull();

        near.putAsOf(bytes("k"), bytes("v2"), Duration.ZERO, 7);
        assertThat(text(reader, "k")).as("read as of the tombstone's version: current").isEqualTo("v2");
        near.deleteAsOf(bytes("k"), 7);
        assertThat(text(reader, "k")).as("a tombstone does not beat a value of its own version").isEqualTo("v2");
        near.putAsOf(bytes("k"), bytes("v3"), Duration.ZERO, 9);
        near.deleteAsOf(bytes("k"), 8);
        near.putAsOf(bytes("k"), bytes("v2-again"), Duration.ZERO, 8);
        assertThat(text(reader, "k")).isEqualTo("v3");
        assertThat(text(writer, "k")).isEqualTo("v3");
    }

    @Test
    void shouldHideEntriesOlderThanAVersionedClearWhateverTheirCommitOrder() {
        final VersionedCache near = (VersionedCache)writer;
        near.putAsOf(bytes("a"), bytes("a1"), Duration.ZERO, 3);
        writer.put(bytes("plain"), bytes("p1"));
        near.clearAsOf(10);
        near.putAsOf(bytes("b"), bytes("b-stale"), Duration.ZERO, 9);
        assertThat(text(reader, "a")).isNull();
        assertThat(text(reader, "plain")).as("an entry without a version, older by position").isNull();
        assertThat(text(reader, "b")).as("fetched before the clear, committed after it").isNull();

        near.putAsOf(bytes("b"), bytes("b-fresh"), Duration.ZERO, 10);
        writer.put(bytes("plain"), bytes("p2"));
        assertThat(text(reader, "b")).isEqualTo("b-fresh");
        assertThat(text(reader, "plain")).isEqualTo("p2");
        assertThat(reader.stats().unavailable()).isZero();
    }

    @Test
    void shouldExpireAVersionedEntryAndRefuseAVersionBelowOne() {
        final VersionedCache near = (VersionedCache)writer;
        near.putAsOf(bytes("k"), bytes("v"), Duration.ofSeconds(1), 4);
        assertThat(text(reader, "k")).isEqualTo("v");
        clock.update(START_MS + 1000);
        assertThat(text(reader, "k")).isNull();
        assertThatThrownBy(() -> near.putAsOf(bytes("k"), bytes("v"), Duration.ZERO, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asOf=0");
    }

    @Test
    void shouldJudgeVersionedFramesWellFormedOnlyWithTheirShape() {
        final ByteBuffer buffer = ByteBuffer.allocate(64);
        CacheFrameDescriptor.writeHeader(buffer, 0, CacheFrameDescriptor.VERSIONED_PUT, 1, 1, 0);
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.VERSIONED_PUT, buffer, 0, 15)).isTrue();
        CacheFrameDescriptor.writeHeader(buffer, 0, CacheFrameDescriptor.VERSIONED_DELETE, 1, 1, 0);
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.VERSIONED_DELETE, buffer, 0, 15))
            .as("a tombstone carries no value").isFalse();
        CacheFrameDescriptor.writeHeader(buffer, 0, CacheFrameDescriptor.VERSIONED_CLEAR, 1, 0, 0);
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.VERSIONED_CLEAR, buffer, 0, 14))
            .as("a versioned clear has no key").isFalse();
        CacheFrameDescriptor.writeHeader(buffer, 0, CacheFrameDescriptor.VERSIONED_CLEAR, 0, 0, 0);
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.VERSIONED_CLEAR, buffer, 0, 13)).isTrue();
        CacheFrameDescriptor.writeHeader(buffer, 0, 7, 0, 0, 0);
        assertThat(CacheFrameDescriptor.isWellFormed(7, buffer, 0, 13)).isFalse();
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(final OrbitCache cache, final String key) {
        return cache.get(bytes(key)).map(v -> new String(v, UTF_8)).orElse(null);
    }
}
