package dev.orbit.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class KeyHashTest {

    @Test
    void shouldHashEqualBytesEquallyWhateverTheBufferKindOrderAndOffset() {
        final byte[] key = "orders:2026-11-01:customer-4711".getBytes(UTF_8);
        final ByteBuffer heap = ByteBuffer.wrap(key);
        final ByteBuffer direct = ByteBuffer.allocateDirect(key.length + 5).order(ByteOrder.LITTLE_ENDIAN);
        direct.put(5, key);
        final ByteBuffer readOnly = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();

        final long expected = KeyHash.hash(heap, 0, key.length);
        assertThat(KeyHash.hash(direct, 5, key.length)).isEqualTo(expected);
        assertThat(KeyHash.hash(readOnly, 0, key.length)).isEqualTo(expected);
        assertThat(KeyHash.equal(heap, 0, direct, 5, key.length)).isTrue();
        assertThat(KeyHash.equal(readOnly, 0, direct, 5, key.length)).isTrue();
    }

    @Test
    void shouldHashDifferentlyWhenOnlyTrailingZerosOrLengthDiffer() {
        final ByteBuffer buffer = ByteBuffer.wrap(new byte[] {'a', 'b', 0, 0, 0, 0, 0, 0, 0, 0});
        final Set<Long> hashes = new HashSet<>();
        for (int length = 0; length <= buffer.capacity(); length++) {
            hashes.add(KeyHash.hash(buffer, 0, length));
        }
        assertThat(hashes).hasSize(buffer.capacity() + 1);
    }

    @Test
    void shouldSpreadSequentialKeysWithoutCollisions() {
        final ByteBuffer buffer = ByteBuffer.allocate(16);
        final Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            buffer.putInt(0, i);
            buffer.putInt(12, ~i);
            hashes.add(KeyHash.hash(buffer, 0, 16));
        }
        assertThat(hashes).hasSize(200_000);
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
