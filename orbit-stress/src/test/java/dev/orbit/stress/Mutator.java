package dev.orbit.stress;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded generator of hostile byte arrays: random bytes, or valid encodings with a few mutations (bit
 * flips, random or boundary bytes, 16/32/64-bit boundary values over length fields, truncation, extension,
 * splices of another input). Same seed, same inputs: a failure names its seed and input number.
 */
final class Mutator {

    private static final long[] BOUNDARIES = {
        0, 1, -1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, Integer.MAX_VALUE, Integer.MIN_VALUE,
        0xFFFF_FFFFL, Long.MAX_VALUE, Long.MIN_VALUE,
    };

    private final SplittableRandom random;

    Mutator(final long seed) {
        this.random = new SplittableRandom(seed);
    }

    SplittableRandom random() {
        return random;
    }

    int nextInt(final int bound) {
        return random.nextInt(bound);
    }

    boolean chance(final int percent) {
        return random.nextInt(100) < percent;
    }

    /**
     * @return {@code length} random bytes.
     */
    byte[] bytes(final int length) {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * @param valid  a valid encoding.
     * @param maxLength longest result.
     * @return {@code valid} with 1 to 4 mutations.
     */
    byte[] mutate(final byte[] valid, final int maxLength) {
        byte[] out = valid.clone();
        final int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(8)) {
                case 0:
                    if (out.length > 0) {
                        final int i = random.nextInt(out.length);
                        out[i] ^= (byte)(1 << random.nextInt(8));
                    }
                    break;
                case 1:
                    if (out.length > 0) {
                        out[random.nextInt(out.length)] = (byte)random.nextInt(256);
                    }
                    break;
                case 2:
                    if (out.length > 0) {
                        out[random.nextInt(out.length)] = (byte)BOUNDARIES[random.nextInt(BOUNDARIES.length)];
                    }
                    break;
                case 3:
                    out = putBoundary(out, 2);
                    break;
                case 4:
                    out = putBoundary(out, random.nextBoolean() ? 4 : 8);
                    break;
                case 5:
                    out = Arrays.copyOf(out, out.length == 0 ? 0 : random.nextInt(out.length));
                    break;
                case 6: {
                    final int extra = 1 + random.nextInt(16);
                    final int from = out.length;
                    out = Arrays.copyOf(out, Math.min(maxLength, from + extra));
                    for (int i = from; i < out.length; i++) {
                        out[i] = (byte)random.nextInt(256);
                    }
                    break;
                }
                default:
                    if (out.length > 1) {
                        final int from = random.nextInt(out.length);
                        final int to = random.nextInt(out.length);
                        final int n = Math.min(out.length - Math.max(from, to), 1 + random.nextInt(8));
                        System.arraycopy(out, from, out, to, n);
                    }
            }
        }
        return out.length > maxLength ? Arrays.copyOf(out, maxLength) : out;
    }

    private byte[] putBoundary(final byte[] in, final int width) {
        if (in.length < width) {
            return in;
        }
        final long value = BOUNDARIES[random.nextInt(BOUNDARIES.length)];
        final int at = random.nextInt(in.length - width + 1);
        for (int i = 0; i < width; i++) {
            in[at + i] = (byte)(value >>> (8 * i));
        }
        return in;
    }
}
