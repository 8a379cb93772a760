package dev.orbit.spring.boot.autoconfigure.cache;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.util.ReflectionUtils;

/**
 * The default key form; the same in every process for equal keys:
 * <ul>
 * <li>a {@link String} is itself (so tools show readable keys);</li>
 * <li>numbers, booleans, characters, UUIDs, dates and times are their {@code toString()}; an enum is its
 * name; so {@code 1}, {@code 1L} and {@code "1"} are the same key (a cache rarely mixes key types);</li>
 * <li>a {@link SimpleKey} (several method arguments, or none), an array, a collection or a map is a bracketed
 * list whose strings are quoted and escaped, e.g. {@code SimpleKey["a,b",1]}, so distinct keys never share a
 * form;</li>
 * <li>any other object (records included) is its {@code toString()} when its class or a superclass other than
 * {@code Object} overrides it; otherwise the key has no stable form and is refused: use a SpEL
 * {@code key = "..."}, override {@code toString()}, or declare an {@link OrbitKeyCodec} bean.</li>
 * </ul>
 */
public class DefaultOrbitKeyCodec implements OrbitKeyCodec {

    private static final Field SIMPLE_KEY_PARAMS = simpleKeyParams();

    @Override
    public String encode(Object key) {
        if (key instanceof String text) {
            return text;
        }
        StringBuilder out = new StringBuilder(32);
        append(out, key, 0);
        return out.toString();
    }

    private void append(StringBuilder out, Object key, int depth) {
        if (depth > 16) {
            throw new IllegalArgumentException("cache key nested too deeply: depth=" + depth);
        }
        if (key == null) {
            out.append("null");
        }
        else if (key instanceof CharSequence text) {
            quote(out, text);
        }
        else if (key instanceof Number || key instanceof Boolean || key instanceof Character || key instanceof UUID
                || key instanceof TemporalAccessor) {
            out.append(key);
        }
        else if (key instanceof Enum<?> value) {
            out.append(value.name());
        }
        else if (key instanceof SimpleKey simpleKey) {
            Object[] params = simpleKeyParams(simpleKey);
            if (params == null) {
                out.append(simpleKey);
            }
            else {
                out.append("SimpleKey");
                appendAll(out, Arrays.asList(params), depth);
            }
        }
        else if (key instanceof Object[] array) {
            appendAll(out, Arrays.asList(array), depth);
        }
        else if (key.getClass().isArray()) {
            int length = Array.getLength(key);
            out.append('[');
            for (int i = 0; i < length; i++) {
                out.append((i > 0) ? "," : "").append(Array.get(key, i));
            }
            out.append(']');
        }
        else if (key instanceof Collection<?> collection) {
            appendAll(out, collection, depth);
        }
        else if (key instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ",");
                append(out, entry.getKey(), depth + 1);
                out.append('=');
                append(out, entry.getValue(), depth + 1);
                first = false;
            }
            out.append('}');
        }
        else if (overridesToString(key.getClass())) {
            out.append(key);
        }
        else {
            throw new IllegalArgumentException("cache key of type " + key.getClass().getName()
                    + " has no stable text form (its toString() is Object's, which differs between processes): "
                    + "give the cache annotation a key expression, override toString(), or declare an "
                    + "OrbitKeyCodec bean");
        }
    }

    private void appendAll(StringBuilder out, Iterable<?> items, int depth) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            out.append(first ? "" : ",");
            append(out, item, depth + 1);
            first = false;
        }
        out.append(']');
    }

    private static void quote(StringBuilder out, CharSequence text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static boolean overridesToString(Class<?> type) {
        Method method = ReflectionUtils.findMethod(type, "toString");
        return method != null && method.getDeclaringClass() != Object.class;
    }

    private static Object[] simpleKeyParams(SimpleKey key) {
        if (SIMPLE_KEY_PARAMS == null) {
            return null;
        }
        try {
            return (Object[]) SIMPLE_KEY_PARAMS.get(key);
        }
        catch (IllegalAccessException | RuntimeException ex) {
            return null;
        }
    }

    private static Field simpleKeyParams() {
        try {
            Field field = ReflectionUtils.findField(SimpleKey.class, "params", Object[].class);
            if (field != null) {
                ReflectionUtils.makeAccessible(field);
            }
            return field;
        }
        catch (RuntimeException ex) {
            return null;
        }
    }

}
