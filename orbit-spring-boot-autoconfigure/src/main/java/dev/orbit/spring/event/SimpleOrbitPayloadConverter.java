package dev.orbit.spring.event;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Converts {@code byte[]} (as is) and {@link String} (UTF-8) payloads; the default when Jackson is absent.
 */
public class SimpleOrbitPayloadConverter implements OrbitPayloadConverter {

    @Override
    public byte[] toBytes(Object payload) {
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof CharSequence text) {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        return toBytesOther(payload);
    }

    /**
     * Converts a payload that is neither bytes nor text.
     *
     * @param payload the payload.
     * @return its bytes.
     */
    protected byte[] toBytesOther(Object payload) {
        throw new IllegalArgumentException("cannot convert an event payload of type "
                + ((payload != null) ? payload.getClass().getName() : "null")
                + ": publish byte[] or String, or add tools.jackson.core:jackson-databind for JSON payloads");
    }

    @Override
    public Object fromBytes(byte[] payload, Type targetType) {
        if (targetType == byte[].class) {
            return payload;
        }
        if (targetType == String.class || targetType == CharSequence.class || targetType == Object.class) {
            return new String(payload, StandardCharsets.UTF_8);
        }
        return fromBytesOther(payload, targetType);
    }

    /**
     * Converts bytes to a type other than {@code byte[]} or {@link String}.
     *
     * @param payload    the bytes.
     * @param targetType the type.
     * @return the value.
     */
    protected Object fromBytesOther(byte[] payload, Type targetType) {
        throw new IllegalArgumentException("cannot convert an event payload to " + targetType.getTypeName()
                + ": receive byte[] or String, or add tools.jackson.core:jackson-databind for JSON payloads");
    }

    @Override
    public boolean canConvert(Type targetType) {
        return targetType == byte[].class || targetType == String.class || targetType == CharSequence.class
                || targetType == Object.class;
    }

}
