package dev.orbit.spring.event;

import java.lang.reflect.Type;

/**
 * Converts event payloads between objects and bytes for {@link OrbitTemplate} and {@code @OrbitListener}
 * methods. A bean of this type replaces the default.
 *
 * @see SimpleOrbitPayloadConverter
 * @see JacksonOrbitPayloadConverter
 */
public interface OrbitPayloadConverter {

    /**
     * @param payload a payload object.
     * @return its bytes.
     * @throws IllegalArgumentException when the object cannot be converted.
     */
    byte[] toBytes(Object payload);

    /**
     * @param payload    payload bytes.
     * @param targetType the type wanted.
     * @return the converted payload.
     * @throws IllegalArgumentException when the bytes cannot be converted to that type.
     */
    Object fromBytes(byte[] payload, Type targetType);

    /**
     * @param targetType a type.
     * @return whether {@link #fromBytes(byte[], Type)} can produce it.
     */
    boolean canConvert(Type targetType);

}
