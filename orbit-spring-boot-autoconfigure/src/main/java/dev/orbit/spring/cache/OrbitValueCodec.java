package dev.orbit.spring.cache;

import java.nio.ByteBuffer;

/**
 * Encodes cache values into bytes that every process of the fleet can decode. An encoding must describe its
 * own type: a cache get has no expected type. A bean of this type replaces the default
 * ({@link JacksonOrbitValueCodec} when Jackson is present, else {@link SimpleOrbitValueCodec}).
 */
public interface OrbitValueCodec {

    /**
     * @param value a non-null value.
     * @return its bytes.
     * @throws IllegalArgumentException when the value's type is not supported; the value is then not cached.
     */
    byte[] encode(Object value);

    /**
     * @param bytes bytes produced by {@link #encode(Object)}, possibly in another process.
     * @return the value.
     * @throws IllegalArgumentException when the bytes cannot be decoded (unknown or untrusted type, malformed
     *     data); the entry is then treated as a miss.
     */
    Object decode(byte[] bytes);

    /**
     * Decodes bytes in place, as a cache hit finds them in its private copy of the entry. The default copies them
     * and calls {@link #decode(byte[])}; a codec that reads them where they are saves that copy, so that a hit
     * allocates only the value.
     *
     * @param buffer holds the bytes produced by {@link #encode(Object)}; its position and limit are neither used nor
     *               changed.
     * @param offset index of the first byte.
     * @param length number of bytes.
     * @return the value.
     * @throws IllegalArgumentException as {@link #decode(byte[])}.
     */
    default Object decode(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes, 0, length);
        return decode(bytes);
    }

}
