package dev.orbit.internal.cache;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

import dev.orbit.cache.CacheFrameDescriptor;
import dev.orbit.internal.memory.BufferAccess;

/**
 * A keyed hash of key bytes (strongly universal multilinear hashing) and byte-wise equality, over a range of any
 * {@link ByteBuffer} (heap, direct or read-only, either byte order) without changing its position.
 * <p>
 * The cache index is per process, so its hash never leaves the process: {@link #seeded()} draws the hash's key,
 * one random 64-bit multiplier per 4-byte chunk of the longest key (128 KiB), from {@link SecureRandom} once per
 * process. The hash of a key {@code s} of {@code n} bytes, read as unsigned 32-bit little-endian chunks
 * {@code s_1..s_k} (the last zero-padded), is the top 32 bits of
 * {@code m_0 + m_1 * n + m_2 * s_1 + ... + m_(k+1) * s_k} computed modulo 2<sup>64</sup>. That family is strongly
 * universal (Lemire and Kaser, "Strongly universal string hashing is fast", 2014): two different keys chosen
 * without knowing the multipliers collide with probability 2<sup>-32</sup>, so keys often taken from user input
 * cannot be planned to crowd into one index bucket. It costs one multiply-add per 4 bytes, all independent, which
 * keeps a get as fast as before the hash was keyed (a SipHash-1-3 measured about 14 ns slower on a 16-byte key).
 * The index never trusts the hash alone in any case: it compares key bytes (see {@link RingCache}).
 * <p>
 * The key is read eight bytes at a time as little-endian words, so equal bytes hash equally whatever the
 * buffer's byte order.
 */
final class KeyHash implements KeyHasher {

    private static final long LOW_32 = 0xFFFF_FFFFL;

    /** Multipliers: the constant term, the length's, then one per 4-byte chunk of the longest key. */
    static final int MULTIPLIERS = 2 + (CacheFrameDescriptor.MAX_FIELD_LENGTH + Integer.BYTES - 1) / Integer.BYTES + 1;

    private static final KeyHash PROCESS = drawn();

    private final long[] multipliers;

    KeyHash(final long[] multipliers) {
        if (multipliers.length < MULTIPLIERS) {
            throw new IllegalArgumentException("too few multipliers: length=" + multipliers.length + ", expected " +
                MULTIPLIERS);
        }
        this.multipliers = multipliers.clone();
    }

    /**
     * @return the hash under this process's random key.
     */
    static KeyHash seeded() {
        return PROCESS;
    }

    private static KeyHash drawn() {
        final byte[] bytes = new byte[MULTIPLIERS * Long.BYTES];
        new SecureRandom().nextBytes(bytes);
        final long[] multipliers = new long[MULTIPLIERS];
        for (int i = 0; i < multipliers.length; i++) {
            multipliers[i] = BufferAccess.getLong(bytes, i * Long.BYTES);
        }
        return new KeyHash(multipliers);
    }

    static KeyHash seededFrom(final java.util.Random random) {
        final long[] multipliers = new long[MULTIPLIERS];
        for (int i = 0; i < multipliers.length; i++) {
            multipliers[i] = random.nextLong();
        }
        return new KeyHash(multipliers);
    }

    @Override
    public long hash(final ByteBuffer buffer, final int offset, final int length) {
        final long[] m = multipliers;
        long h = m[0] + m[1] * length;
        final int end = offset + length;
        int i = offset;
        int k = 2;
        for (; end - i >= Long.BYTES; i += Long.BYTES, k += 2) {
            final long word = BufferAccess.getLong(buffer, i);
            h += m[k] * (word & LOW_32) + m[k + 1] * (word >>> 32);
        }
        if (i < end) {
            long word = 0;
            for (int shift = 0; i < end; i++, shift += Byte.SIZE) {
                word |= (buffer.get(i) & 0xFFL) << shift;
            }
            h += m[k] * (word & LOW_32) + m[k + 1] * (word >>> 32);
        }
        return h >>> 32;
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
            if (BufferAccess.getLong(a, aOffset + i) != BufferAccess.getLong(b, bOffset + i)) {
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
            if (BufferAccess.getLong(key, i) != BufferAccess.getLong(b, offset + i)) {
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
