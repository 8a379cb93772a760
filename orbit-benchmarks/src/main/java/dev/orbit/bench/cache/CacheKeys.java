package dev.orbit.bench.cache;

import java.nio.charset.StandardCharsets;

/**
 * The keys and values every cache benchmark uses: {@link #WORKING_SET} keys of {@link #KEY_LENGTH} bytes
 * and values of {@link #VALUE_LENGTH} bytes, so each cache answers the same questions.
 */
public final class CacheKeys {

    /** Keys read in turn by the get benchmarks (a power of two). */
    public static final int WORKING_SET = 1024;

    /** Key length in bytes. */
    public static final int KEY_LENGTH = 16;

    /** Value length in bytes. */
    public static final int VALUE_LENGTH = 64;

    /** Payload capacity of an Orbit cache slot: 13-byte frame header + key + value fits; the slot stride is 128. */
    public static final int ORBIT_PAYLOAD = 96;

    private CacheKeys() {
    }

    /**
     * @param i key number.
     * @return a 16-character key that is present.
     */
    public static String hitKey(final long i) {
        return String.format("k-%014d", i);
    }

    /**
     * @param i key number.
     * @return a 16-character key that is never put.
     */
    public static String missKey(final long i) {
        return String.format("m-%014d", i);
    }

    /**
     * Writes a 16-byte key {@code <prefix>-<14 digits>} without formatting, for filling large caches fast.
     *
     * @param prefix one ASCII letter.
     * @param i      key number.
     * @param key    receives the key; length {@link #KEY_LENGTH}.
     * @return {@code key}.
     */
    public static byte[] key(final char prefix, final long i, final byte[] key) {
        key[0] = (byte)prefix;
        key[1] = '-';
        long n = i;
        for (int d = KEY_LENGTH - 1; d >= 2; d--) {
            key[d] = (byte)('0' + (n % 10));
            n /= 10;
        }
        return key;
    }

    /**
     * @param key a key.
     * @return its UTF-8 bytes.
     */
    public static byte[] bytes(final String key) {
        return key.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param i key number.
     * @return a value derived from the key number.
     */
    public static byte[] value(final long i) {
        final byte[] value = new byte[VALUE_LENGTH];
        for (int b = 0; b < VALUE_LENGTH; b++) {
            value[b] = (byte)(i * 17 + b);
        }
        return value;
    }
}
