package dev.orbit.spring.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.springframework.cache.support.NullValue;

/**
 * The bytes of one Spring cache's keys and entries.
 * <p>
 * A key becomes text through the {@link OrbitKeyCodec}, then UTF-8; text longer than
 * {@value #MAX_PLAIN_KEY_LENGTH} bytes (or than the cache's key limit) is replaced by
 * {@value #DIGEST_PREFIX} and the URL-safe Base64 of its SHA-256, a form the default key codec never produces
 * for any other key.
 * <p>
 * An entry is a one-byte marker, then the value codec's bytes:
 * <pre>
 *  0x00                 null (Spring's NullValue)
 *  0x01 | codec bytes   any other value
 * </pre>
 * Decoding returns {@link NullValue#INSTANCE} for a stored null, so that a cached null and a miss differ.
 */
final class CacheEntryCodec {

    /** Keys with a longer UTF-8 form are stored as their digest. */
    static final int MAX_PLAIN_KEY_LENGTH = 200;

    /** Start of the stored form of a digested key. */
    static final String DIGEST_PREFIX = "#sha256:";

    private static final byte NULL_VALUE = 0;

    private static final byte CODEC_VALUE = 1;

    private static final byte[] NULL_ENTRY = { NULL_VALUE };

    private final OrbitKeyCodec keyCodec;

    private final OrbitValueCodec valueCodec;

    private final int maxKeyLength;

    private final String cacheName;

    /**
     * @param cacheName    the cache's name, for messages.
     * @param keyCodec     turns keys into text.
     * @param valueCodec   turns values into bytes.
     * @param maxKeyLength the longest key the cache takes, in bytes.
     */
    CacheEntryCodec(String cacheName, OrbitKeyCodec keyCodec, OrbitValueCodec valueCodec, int maxKeyLength) {
        this.cacheName = cacheName;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.maxKeyLength = maxKeyLength;
    }

    /**
     * @param key a Spring cache key.
     * @return its stored form.
     * @throws IllegalArgumentException when the key is {@code null} or has no stable form.
     */
    Key key(Object key) {
        if (key == null) {
            throw new IllegalArgumentException("cache key must not be null: cache=" + this.cacheName);
        }
        String text = this.keyCodec.encode(key);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PLAIN_KEY_LENGTH || bytes.length > this.maxKeyLength) {
            bytes = (DIGEST_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(bytes)))
                .getBytes(StandardCharsets.US_ASCII);
        }
        return new Key(text, bytes);
    }

    /**
     * @param value a user value; {@code null} or {@link NullValue} for null.
     * @return the entry's bytes.
     * @throws IllegalArgumentException when the value codec cannot encode the value.
     */
    byte[] encode(Object value) {
        if (value == null || value instanceof NullValue) {
            return NULL_ENTRY.clone();
        }
        byte[] encoded = this.valueCodec.encode(value);
        byte[] entry = new byte[encoded.length + 1];
        entry[0] = CODEC_VALUE;
        System.arraycopy(encoded, 0, entry, 1, encoded.length);
        return entry;
    }

    /**
     * @param entry an entry's bytes, possibly written by another process.
     * @return a fresh copy of the value: {@link NullValue#INSTANCE} for a stored null.
     * @throws IllegalArgumentException when the entry cannot be decoded.
     */
    Object decode(byte[] entry) {
        if (entry.length == 1 && entry[0] == NULL_VALUE) {
            return NullValue.INSTANCE;
        }
        if (entry.length == 0 || entry[0] != CODEC_VALUE) {
            throw new IllegalArgumentException("unknown entry marker: length=" + entry.length
                    + ((entry.length > 0) ? ", marker=" + entry[0] : ""));
        }
        byte[] encoded = new byte[entry.length - 1];
        System.arraycopy(entry, 1, encoded, 0, encoded.length);
        return this.valueCodec.decode(encoded);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }

    /**
     * A key's stored form.
     *
     * @param text  the key codec's text (the single flight's stripe is a hash of it).
     * @param bytes the bytes stored in the cache: the UTF-8 text, or its digest.
     */
    record Key(String text, byte[] bytes) {
    }

}
