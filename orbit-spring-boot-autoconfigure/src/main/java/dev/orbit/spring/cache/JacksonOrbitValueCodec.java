package dev.orbit.spring.cache;

import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes values as {@link SimpleOrbitValueCodec} does for its types, and any other value as JSON together
 * with the value's type, which is checked before anything is instantiated:
 * <pre>
 *  0x20 | typeLength u16 LE | type (canonical, UTF-8) | JSON
 * </pre>
 * The type is the value's class; for a collection or map it also names the common class of the elements (so
 * a {@code List<Book>} comes back as a {@code List<Book>}, not a list of maps); a collection whose elements
 * have different classes is refused (not cached). Polymorphic default typing is never enabled: only the
 * recorded type, and its element types, are ever instantiated, and each must lie in a trusted package:
 * {@code java.*}, or one of the given package prefixes (by default the application's own packages, see
 * {@code orbit.cache.trusted-packages}); the single prefix {@code *} trusts every class. A value of an untrusted
 * type is refused when it is put (not cached, reported), and an entry naming one is never read back (a miss).
 */
public class JacksonOrbitValueCodec extends SimpleOrbitValueCodec {

    private static final byte JSON = FIRST_EXTENSION_TAG;

    private static final int HEADER = 3;

    private final JsonMapper jsonMapper;

    private final List<String> trustedPackages;

    private final Map<String, JavaType> types = new ConcurrentHashMap<>();

    /**
     * @param jsonMapper      the mapper.
     * @param trustedPackages package prefixes whose types may be written and read back, besides {@code java.*};
     *                        {@code *} trusts every class; empty trusts {@code java.*} only.
     */
    public JacksonOrbitValueCodec(JsonMapper jsonMapper, List<String> trustedPackages) {
        this.jsonMapper = jsonMapper;
        this.trustedPackages = List.copyOf(trustedPackages);
    }

    /**
     * @return the package prefixes trusted besides {@code java.*} ({@code *} for every class).
     */
    public List<String> getTrustedPackages() {
        return this.trustedPackages;
    }

    @Override
    protected byte[] encodeOther(Object value) {
        String description = describe(value, 0);
        checkTrusted(description, "a value of type " + description + " would never be read back");
        byte[] type = description.getBytes(StandardCharsets.UTF_8);
        if (type.length > 0xFFFF) {
            throw new IllegalArgumentException("value type name too long: length=" + type.length);
        }
        byte[] json;
        try {
            json = this.jsonMapper.writeValueAsBytes(value);
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("cannot write a value of type " + value.getClass().getName()
                    + " as JSON: " + ex.getOriginalMessage(), ex);
        }
        return ByteBuffer.allocate(HEADER + type.length + json.length)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put(JSON)
            .putShort((short) type.length)
            .put(type)
            .put(json)
            .array();
    }

    @Override
    protected Object decodeOther(byte tag, byte[] bytes) {
        return decodeOther(tag, bytes, 0, bytes.length);
    }

    @Override
    protected Object decodeOther(byte tag, byte[] bytes, int offset, int length) {
        if (tag != JSON) {
            return super.decodeOther(tag, bytes, offset, length);
        }
        if (length < HEADER) {
            throw new IllegalArgumentException("malformed JSON cache value: length=" + length);
        }
        int typeLength = (bytes[offset + 1] & 0xFF) | ((bytes[offset + 2] & 0xFF) << 8);
        if (HEADER + typeLength > length) {
            throw new IllegalArgumentException("malformed JSON cache value: typeLength=" + typeLength + ", length="
                    + length);
        }
        String type = new String(bytes, offset + HEADER, typeLength, StandardCharsets.UTF_8);
        JavaType javaType = this.types.computeIfAbsent(type, this::resolve);
        try {
            return this.jsonMapper.readValue(bytes, offset + HEADER + typeLength, length - HEADER - typeLength,
                    javaType);
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("cannot read a cached value of type " + type + ": "
                    + ex.getOriginalMessage(), ex);
        }
    }

    private JavaType resolve(String type) {
        checkTrusted(type, "the entry is not read");
        try {
            return this.jsonMapper.getTypeFactory().constructFromCanonical(type);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("cannot resolve cached value type " + type + ": " + ex.getMessage(), ex);
        }
    }

    private void checkTrusted(String type, String consequence) {
        for (String name : type.split("[<>,\\s]+")) {
            if (!name.isEmpty() && !isTrusted(name)) {
                throw new IllegalArgumentException("cached value type " + name + " is outside the trusted packages "
                        + "(java.* and " + this.trustedPackages + "), so " + consequence + ": add its package to "
                        + "orbit.cache.trusted-packages (or '*' to trust every class)");
            }
        }
    }

    private boolean isTrusted(String name) {
        String className = name;
        while (className.startsWith("[")) {
            className = className.substring(1);
        }
        if (className.startsWith("L") && className.endsWith(";")) {
            className = className.substring(1, className.length() - 1);
        }
        else if (className.length() == 1 && name.startsWith("[")) {
            return true;
        }
        if (className.startsWith("java.")) {
            return true;
        }
        for (String prefix : this.trustedPackages) {
            if (prefix.equals("*") || className.startsWith(prefix.endsWith(".") ? prefix : prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    private String describe(Object value, int depth) {
        if (depth > 8) {
            throw new IllegalArgumentException("value nested too deeply to record its type: depth=" + depth);
        }
        if (value instanceof Collection<?> collection) {
            String container = (value instanceof List) ? "java.util.List" : (value instanceof SortedSet)
                    ? "java.util.SortedSet" : (value instanceof Set) ? "java.util.Set" : "java.util.Collection";
            String element = common(collection, depth);
            return (element != null) ? container + "<" + element + ">" : container;
        }
        if (value instanceof Map<?, ?> map) {
            String container = (value instanceof SortedMap) ? "java.util.SortedMap" : "java.util.Map";
            String key = common(map.keySet(), depth);
            String element = common(map.values(), depth);
            return (key != null && element != null) ? container + "<" + key + "," + element + ">" : container;
        }
        Class<?> type = value.getClass();
        if (!type.isArray() && (type.isInterface() || Modifier.isAbstract(type.getModifiers()))) {
            throw new IllegalArgumentException("cannot record the type of a value of abstract type " + type.getName());
        }
        return type.getName();
    }

    private String common(Collection<?> items, int depth) {
        String common = null;
        for (Object item : items) {
            if (item == null) {
                continue;
            }
            String type = describe(item, depth + 1);
            if (common == null) {
                common = type;
            }
            else if (!common.equals(type)) {
                throw new IllegalArgumentException("cannot cache a collection of mixed element types (" + common
                        + " and " + type + ") without polymorphic typing, which Orbit never enables");
            }
        }
        return common;
    }

}
