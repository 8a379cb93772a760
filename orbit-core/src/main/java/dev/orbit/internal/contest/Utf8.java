package dev.orbit.internal.contest;

import java.nio.ByteBuffer;

/**
 * UTF-8 over a {@link CharSequence} without allocating: lengths, hashes and writes into a buffer produce
 * the same bytes as {@code String.getBytes(UTF_8)}, which replaces an unpaired surrogate with {@code '?'}.
 */
final class Utf8 {

    private static final long FNV_OFFSET_BASIS = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private Utf8() {
    }

    /**
     * @param text the text.
     * @return its length in UTF-8 bytes.
     */
    static int length(final CharSequence text) {
        final int chars = text.length();
        int length = 0;
        for (int i = 0; i < chars; i += charCount(text, i)) {
            length += byteCount(codePointAt(text, i));
        }
        return length;
    }

    /**
     * Hashes a byte and then the text's UTF-8 bytes: FNV-1a over the bytes, then a 64-bit finaliser so that
     * the low bits (the bucket index) depend on every byte.
     *
     * @param first a byte hashed before the text, e.g. a subject kind.
     * @param text  the text.
     * @return the hash, possibly 0.
     */
    static long hash(final int first, final CharSequence text) {
        long h = (FNV_OFFSET_BASIS ^ (first & 0xFF)) * FNV_PRIME;
        final int chars = text.length();
        for (int i = 0; i < chars; i += charCount(text, i)) {
            final int codePoint = codePointAt(text, i);
            final int count = byteCount(codePoint);
            for (int k = 0; k < count; k++) {
                h = (h ^ byteOf(codePoint, count, k)) * FNV_PRIME;
            }
        }
        return mix(h);
    }

    /**
     * Writes the text's UTF-8 bytes, stopping before the first character that would not fit.
     *
     * @param text     the text.
     * @param buffer   destination.
     * @param index    where to write.
     * @param maxBytes most bytes to write.
     * @return bytes written.
     */
    static int write(final CharSequence text, final ByteBuffer buffer, final int index, final int maxBytes) {
        final int chars = text.length();
        int written = 0;
        for (int i = 0; i < chars; i += charCount(text, i)) {
            final int codePoint = codePointAt(text, i);
            final int count = byteCount(codePoint);
            if (written + count > maxBytes) {
                break;
            }
            for (int k = 0; k < count; k++) {
                buffer.put(index + written + k, (byte)byteOf(codePoint, count, k));
            }
            written += count;
        }
        return written;
    }

    private static int codePointAt(final CharSequence text, final int i) {
        final char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            return Character.toCodePoint(c, text.charAt(i + 1));
        }
        return Character.isSurrogate(c) ? '?' : c;
    }

    private static int charCount(final CharSequence text, final int i) {
        final char c = text.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)) ?
            2 : 1;
    }

    private static int byteCount(final int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }

    private static int byteOf(final int codePoint, final int count, final int k) {
        final int shift = 6 * (count - 1 - k);
        if (k > 0) {
            return 0x80 | ((codePoint >>> shift) & 0x3F);
        }
        switch (count) {
            case 1:
                return codePoint;
            case 2:
                return 0xC0 | (codePoint >>> shift);
            case 3:
                return 0xE0 | (codePoint >>> shift);
            default:
                return 0xF0 | (codePoint >>> shift);
        }
    }

    private static long mix(final long hash) {
        long h = hash;
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
