package dev.orbit.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * A keyed 64-bit hash of key bytes (SipHash-1-3) and byte-wise equality, over a range of any {@link ByteBuffer}
 * (heap, direct or read-only, either byte order) without changing its position.
 * <p>
 * The cache index is per process, so its hash never leaves the process: {@link #seeded()} draws a fresh 128-bit
 * key from {@link SecureRandom} for each process. Keys often come from user input; with a secret key nobody can
 * plan keys that share a hash (SipHash is a pseudorandom function of the key), so nobody can make chosen keys
 * crowd into one index bucket. The index never trusts the hash alone in any case: it compares key bytes (see
 * {@link RingCache}).
 * <p>
 * The message is read eight bytes at a time as little-endian words, so equal bytes hash equally whatever the
 * buffer's byte order; the last word carries the length in its top byte, as SipHash specifies.
 */
final class KeyHash implements KeyHasher {

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long V0 = 0x736f6d6570736575L;
    private static final long V1 = 0x646f72616e646f6dL;
    private static final long V2 = 0x6c7967656e657261L;
    private static final long V3 = 0x7465646279746573L;

    private static final KeyHash PROCESS = seededFrom(new SecureRandom());

    /** SipHash-1-3: one round per word, three to finish (as Rust's default hasher). */
    private static final int COMPRESSION_ROUNDS = 1;
    private static final int FINALIZATION_ROUNDS = 3;

    private final long k0;
    private final long k1;

    KeyHash(final long k0, final long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /**
     * @return SipHash-1-3 under this process's random key.
     */
    static KeyHash seeded() {
        return PROCESS;
    }

    private static KeyHash seededFrom(final SecureRandom random) {
        return new KeyHash(random.nextLong(), random.nextLong());
    }

    @Override
    public long hash(final ByteBuffer buffer, final int offset, final int length) {
        return sipHash(k0, k1, COMPRESSION_ROUNDS, FINALIZATION_ROUNDS, buffer, offset, length);
    }

    /**
     * SipHash-c-d of a buffer range under the key {@code (k0, k1)} (both little-endian halves of the 128-bit key).
     */
    static long sipHash(
        final long k0,
        final long k1,
        final int compressionRounds,
        final int finalizationRounds,
        final ByteBuffer buffer,
        final int offset,
        final int length) {
        long v0 = k0 ^ V0;
        long v1 = k1 ^ V1;
        long v2 = k0 ^ V2;
        long v3 = k1 ^ V3;
        final int end = offset + length;
        int i = offset;
        long last = ((long)length & 0xFF) << 56;
        boolean lastWord = false;
        while (true) {
            final long m;
            if (end - i >= Long.BYTES) {
                m = (long)LONG.get(buffer, i);
                i += Long.BYTES;
            }
            else {
                for (int shift = 0; i < end; i++, shift += Byte.SIZE) {
                    last |= (buffer.get(i) & 0xFFL) << shift;
                }
                m = last;
                lastWord = true;
            }
            v3 ^= m;
            for (int r = 0; r < compressionRounds; r++) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13) ^ v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16) ^ v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21) ^ v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17) ^ v2;
                v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
            if (lastWord) {
                break;
            }
        }
        v2 ^= 0xFF;
        for (int r = 0; r < finalizationRounds; r++) {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13) ^ v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16) ^ v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21) ^ v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17) ^ v2;
            v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /**
     * @param a       one buffer.
     * @param aOffset first byte in {@code a}.
     * @param b       another buffer.
     * @param bOffset first byte in {@code b}.
     * @param length  number of bytes to compare.
     * @return true when the two ranges hold the same bytes.
     */
    static boolean equal(final ByteBuffer a, final int aOffset, final ByteBuffer b, final int bOffset, final int length) {
        int i = 0;
        for (; length - i >= Long.BYTES; i += Long.BYTES) {
            if ((long)LONG.get(a, aOffset + i) != (long)LONG.get(b, bOffset + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (a.get(aOffset + i) != b.get(bOffset + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param key    bytes held by the index.
     * @param b      a buffer.
     * @param offset first byte in {@code b}.
     * @param length number of bytes in {@code b}.
     * @return true when {@code key} holds exactly those bytes.
     */
    static boolean equal(final byte[] key, final ByteBuffer b, final int offset, final int length) {
        if (key.length != length) {
            return false;
        }
        int i = 0;
        for (; length - i >= Long.BYTES; i += Long.BYTES) {
            if ((long)ARRAY_LONG.get(key, i) != (long)LONG.get(b, offset + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (key[i] != b.get(offset + i)) {
                return false;
            }
        }
        return true;
    }
}
