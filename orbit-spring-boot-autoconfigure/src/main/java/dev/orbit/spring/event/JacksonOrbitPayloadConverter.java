package dev.orbit.spring.event;

import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts {@code byte[]} and {@link String} payloads as {@link SimpleOrbitPayloadConverter} does, and any other
 * type as JSON with the application's {@link JsonMapper}. The payload carries no type information: the
 * receiving parameter's type decides.
 */
public class JacksonOrbitPayloadConverter extends SimpleOrbitPayloadConverter {

    private final JsonMapper jsonMapper;

    /**
     * @param jsonMapper the mapper.
     */
    public JacksonOrbitPayloadConverter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    protected byte[] toBytesOther(Object payload) {
        try {
            return this.jsonMapper.writeValueAsBytes(payload);
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("cannot write an event payload of type "
                    + ((payload != null) ? payload.getClass().getName() : "null") + " as JSON: " + ex.getMessage(), ex);
        }
    }

    @Override
    protected Object fromBytesOther(byte[] payload, Type targetType) {
        try {
            return this.jsonMapper.readValue(payload, this.jsonMapper.constructType(targetType));
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("cannot read an event payload of length " + payload.length + " as "
                    + targetType.getTypeName() + ": " + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public boolean canConvert(Type targetType) {
        return true;
    }

}
