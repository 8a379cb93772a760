package dev.orbit.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.orbit.testkit.ChildJvm;

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
    void shouldMatchTheSipHashReferenceVectors() {
        final long k0 = 0x0706050403020100L;
        final long k1 = 0x0F0E0D0C0B0A0908L;
        final ByteBuffer message = ByteBuffer.allocate(64);
        for (int i = 0; i < 64; i++) {
            message.put(i, (byte)i);
        }
        // SipHash-2-4 with key 00..0f: the paper's vectors for the messages 00..0e (15 bytes) and the empty one.
        assertThat(KeyHash.sipHash(k0, k1, 2, 4, message, 0, 15)).isEqualTo(0xA129CA6149BE45E5L);
        assertThat(KeyHash.sipHash(k0, k1, 2, 4, message, 0, 0)).isEqualTo(0x726FDB47DD0E0E31L);
        // The same message at another offset, in a direct big-endian buffer, hashes the same.
        final ByteBuffer direct = ByteBuffer.allocateDirect(80);
        direct.put(7, message, 0, 64);
        assertThat(KeyHash.sipHash(k0, k1, 2, 4, direct, 7, 15)).isEqualTo(0xA129CA6149BE45E5L);
    }

    @Test
    void shouldHashUnderAKeyOfItsOwn() {
        final ByteBuffer key = ByteBuffer.wrap("orders:4711".getBytes(UTF_8));
        final long seeded = HASH.hash(key, 0, key.capacity());
        assertThat(new KeyHash(0, 0).hash(key, 0, key.capacity())).isNotEqualTo(seeded);
        assertThat(new KeyHash(1, 0).hash(key, 0, key.capacity()))
            .isNotEqualTo(new KeyHash(0, 0).hash(key, 0, key.capacity()));
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
    void shouldSpreadSequentialKeysWithoutCollisions() {
        final ByteBuffer buffer = ByteBuffer.allocate(16);
        final Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            buffer.putInt(0, i);
            buffer.putInt(12, ~i);
            hashes.add(HASH.hash(buffer, 0, 16));
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
