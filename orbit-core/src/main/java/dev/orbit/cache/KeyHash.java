package dev.orbit.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A 64-bit hash of key bytes and a byte-wise equality, both over a range of any {@link ByteBuffer}
 * (heap, direct or read-only, either byte order) without changing its position.
 * <p>
 * The hash reads the range eight bytes at a time as little-endian words, so equal bytes hash equally
 * whatever the buffer's byte order. Each word goes through a multiply-rotate-multiply round that is a
 * bijection of the word for a given state, the tail is zero-padded into one last word, the length seeds
 * the state (so a zero-padded tail cannot collide with a longer key), and a final xor-shift-multiply
 * avalanche spreads every input bit over the whole result. It is an index hash, not a defence against
 * crafted collisions: a collision only ever costs a miss, never a wrong value, because a get compares
 * the key bytes.
 */
final class KeyHash {

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long SEED = 0x2545F4914F6CDD1DL;
    private static final long LENGTH_MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final long ROUND_MULTIPLIER_1 = 0xC2B2AE3D27D4EB4FL;
    private static final long ROUND_MULTIPLIER_2 = 0x9FB21C651E98DF25L;
    private static final long AVALANCHE_MULTIPLIER = 0xD6E8FEB86659FD93L;
    private static final int ROUND_ROTATION = 31;

    private KeyHash() {
    }

    /**
     * @param buffer holds the bytes.
     * @param offset first byte.
     * @param length number of bytes.
     * @return the 64-bit hash of those bytes.
     */
    static long hash(final ByteBuffer buffer, final int offset, final int length) {
        long h = SEED ^ (length * LENGTH_MULTIPLIER);
        final int end = offset + length;
        int i = offset;
        for (; end - i >= Long.BYTES; i += Long.BYTES) {
            h = round(h, (long)LONG.get(buffer, i));
        }
        if (i < end) {
            long tail = 0;
            for (int shift = 0; i < end; i++, shift += Byte.SIZE) {
                tail |= (buffer.get(i) & 0xFFL) << shift;
            }
            h = round(h, tail);
        }
        return avalanche(h);
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

    private static long round(final long h, final long word) {
        return Long.rotateLeft(h + word * ROUND_MULTIPLIER_1, ROUND_ROTATION) * ROUND_MULTIPLIER_2;
    }

    private static long avalanche(final long h) {
        long x = h;
        x ^= x >>> 32;
        x *= AVALANCHE_MULTIPLIER;
        x ^= x >>> 29;
        x *= AVALANCHE_MULTIPLIER;
        x ^= x >>> 32;
        return x;
    }
}
