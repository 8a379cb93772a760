package dev.orbit.internal.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.orbit.cache.CacheFrameDescriptor;
import dev.orbit.testsupport.ChildJvm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class KeyHashTest {

    private static final KeyHash HASH = KeyHash.seeded();
    private static final String PROBE = "orders:4711";

    /** Prints the process's hash of {@link #PROBE}. */
    public static final class PrintHash {

        public static void main(final String[] args) {
            final ByteBuffer key = ByteBuffer.wrap(PROBE.getBytes(UTF_8));
            System.out.println("hash " + KeyHash.seeded().hash(key, 0, key.capacity()));
        }
    }

    @Test
    void shouldComputeTheMultilinearHashOfTheKeysChunks() {
        final java.util.Random random = new java.util.Random(42);
        final KeyHash hash = KeyHash.seededFrom(new java.util.Random(7));
        final long[] m = new long[KeyHash.MULTIPLIERS];
        final java.util.Random same = new java.util.Random(7);
        for (int i = 0; i < m.length; i++) {
            m[i] = same.nextLong();
        }
        final ByteBuffer buffer = ByteBuffer.allocate(200);
        for (int round = 0; round < 2000; round++) {
            final int length = random.nextInt(120);
            final int offset = random.nextInt(16);
            for (int b = 0; b < buffer.capacity(); b++) {
                buffer.put(b, (byte)random.nextInt());
            }
            long expected = m[0] + m[1] * length;
            for (int chunk = 0; chunk * 4 < length; chunk++) {
                long value = 0;
                for (int b = 0; b < 4 && chunk * 4 + b < length; b++) {
                    value |= (buffer.get(offset + chunk * 4 + b) & 0xFFL) << (8 * b);
                }
                expected += m[2 + chunk] * value;
            }
            assertThat(hash.hash(buffer, offset, length)).as("length=%d offset=%d", length, offset)
                .isEqualTo(expected >>> 32);
        }
        final ByteBuffer longest = ByteBuffer.allocate(CacheFrameDescriptor.MAX_FIELD_LENGTH);
        assertThat(hash.hash(longest, 0, longest.capacity())).isNotNegative();
    }

    @Test
    void shouldHashUnderAKeyOfItsOwn() {
        final ByteBuffer key = ByteBuffer.wrap("orders:4711".getBytes(UTF_8));
        final long seeded = HASH.hash(key, 0, key.capacity());
        final long one = KeyHash.seededFrom(new java.util.Random(1)).hash(key, 0, key.capacity());
        final long two = KeyHash.seededFrom(new java.util.Random(2)).hash(key, 0, key.capacity());
        assertThat(List.of(seeded, one, two)).doesNotHaveDuplicates();
    }

    @Test
    void shouldDrawItsKeyAtRandomInEveryProcess() {
        final ByteBuffer key = ByteBuffer.wrap(PROBE.getBytes(UTF_8));
        final Set<Long> hashes = new HashSet<>();
        hashes.add(HASH.hash(key, 0, key.capacity()));
        for (int i = 0; i < 2; i++) {
            try (ChildJvm child = ChildJvm.start(PrintHash.class)) {
                hashes.add(Long.parseLong(child.awaitValue("hash")));
            }
        }
        assertThat(hashes).as("the same key hashed in three processes").hasSize(3);
    }

    @Test
    void shouldCompareHeldKeyBytesWithABufferRange() {
        final byte[] held = "0123456789abc".getBytes(UTF_8);
        final ByteBuffer other = ByteBuffer.allocateDirect(20);
        other.put(3, held);
        assertThat(KeyHash.equal(held, other, 3, held.length)).isTrue();
        assertThat(KeyHash.equal(held, other, 3, held.length - 1)).isFalse();
        other.put(3 + 12, (byte)'d');
        assertThat(KeyHash.equal(held, other, 3, held.length)).isFalse();
        other.put(3 + 12, (byte)'c');
        other.put(3 + 2, (byte)'X');
        assertThat(KeyHash.equal(held, other, 3, held.length)).isFalse();
    }

    @Test
    void shouldHashEqualBytesEquallyWhateverTheBufferKindOrderAndOffset() {
        final byte[] key = "orders:2026-11-01:customer-4711".getBytes(UTF_8);
        final ByteBuffer heap = ByteBuffer.wrap(key);
        final ByteBuffer direct = ByteBuffer.allocateDirect(key.length + 5).order(ByteOrder.LITTLE_ENDIAN);
        direct.put(5, key);
        final ByteBuffer readOnly = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();

        final long expected = HASH.hash(heap, 0, key.length);
        assertThat(HASH.hash(direct, 5, key.length)).isEqualTo(expected);
        assertThat(HASH.hash(readOnly, 0, key.length)).isEqualTo(expected);
        assertThat(KeyHash.equal(heap, 0, direct, 5, key.length)).isTrue();
        assertThat(KeyHash.equal(readOnly, 0, direct, 5, key.length)).isTrue();
    }

    @Test
    void shouldHashDifferentlyWhenOnlyTrailingZerosOrLengthDiffer() {
        final ByteBuffer buffer = ByteBuffer.wrap(new byte[] {'a', 'b', 0, 0, 0, 0, 0, 0, 0, 0});
        final Set<Long> hashes = new HashSet<>();
        for (int length = 0; length <= buffer.capacity(); length++) {
            hashes.add(HASH.hash(buffer, 0, length));
        }
        assertThat(hashes).hasSize(buffer.capacity() + 1);
    }

    @Test
    void shouldSpreadSequentialKeysAsA32BitUniversalHashDoes() {
        final ByteBuffer buffer = ByteBuffer.allocate(16);
        final Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            buffer.putInt(0, i);
            buffer.putInt(12, ~i);
            hashes.add(HASH.hash(buffer, 0, 16));
        }
        // 200,000 keys over 2^32 values: about 4.7 colliding pairs are expected.
        assertThat(200_000 - hashes.size()).isLessThan(40);
    }

    @Test
    void shouldFindDifferenceInTailWhenComparingKeys() {
        final ByteBuffer a = ByteBuffer.wrap("0123456789abc".getBytes(UTF_8));
        final ByteBuffer b = ByteBuffer.wrap("0123456789abd".getBytes(UTF_8));
        assertThat(KeyHash.equal(a, 0, b, 0, 12)).isTrue();
        assertThat(KeyHash.equal(a, 0, b, 0, 13)).isFalse();
        assertThat(KeyHash.equal(a, 0, b, 0, 0)).isTrue();
    }
}
