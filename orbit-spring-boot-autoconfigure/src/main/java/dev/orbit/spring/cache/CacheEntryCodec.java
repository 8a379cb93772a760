package dev.orbit.spring.cache;

import java.nio.ByteBuffer;
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

    private final DefaultOrbitKeyCodec defaultKeyCodec;

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
        this.defaultKeyCodec = (keyCodec.getClass() == DefaultOrbitKeyCodec.class) ? (DefaultOrbitKeyCodec) keyCodec
                : null;
    }

    /**
     * Writes a key's stored bytes into {@code out} without building its text, when the key codec is the default one
     * and the key a {@code String}, {@code Integer} or {@code Long} whose form is stored as it is (not digested).
     *
     * @param key a Spring cache key.
     * @param out cleared, then holds the bytes between its position and limit when this returns {@code true}.
     * @return {@code false} when the key needs {@link #key(Object)}.
     */
    boolean keyBytes(Object key, ByteBuffer out) {
        out.clear();
        if (this.defaultKeyCodec == null || key == null
                || !this.defaultKeyCodec.encodeUtf8(key, out, Math.min(MAX_PLAIN_KEY_LENGTH, this.maxKeyLength))) {
            return false;
        }
        out.flip();
        return true;
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

    /**
     * Decodes an entry where it is (a cache hit's private copy), so that only the value codec allocates.
     *
     * @param buffer holds the entry, possibly written by another process.
     * @param offset index of the entry's first byte.
     * @param length the entry's length.
     * @return a fresh copy of the value: {@link NullValue#INSTANCE} for a stored null.
     * @throws IllegalArgumentException when the entry cannot be decoded.
     */
    Object decode(ByteBuffer buffer, int offset, int length) {
        byte marker = (length > 0) ? buffer.get(offset) : -1;
        if (length == 1 && marker == NULL_VALUE) {
            return NullValue.INSTANCE;
        }
        if (length == 0 || marker != CODEC_VALUE) {
            throw new IllegalArgumentException("unknown entry marker: length=" + length
                    + ((length > 0) ? ", marker=" + marker : ""));
        }
        return this.valueCodec.decode(buffer, offset + 1, length - 1);
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
