package dev.orbit.spring.cache;

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

}
