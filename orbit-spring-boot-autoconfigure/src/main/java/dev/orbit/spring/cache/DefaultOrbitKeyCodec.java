package dev.orbit.spring.cache;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.util.ReflectionUtils;

/**
 * The default key form: the same text in every process for equal keys, and different text for keys that are not
 * equal (the codec is injective), because the key's type is part of its form.
 * <p>
 * A {@link String} key is itself, so tools show readable keys; a string that starts with {@code #} gets a second
 * {@code #} in front. Every other key is {@code #} followed by its <em>element form</em>:
 * <pre>
 * null                         null
 * String                       "text"          (" and \ escaped with \)
 * Character                    'c'             (' and \ escaped with \)
 * Boolean                      true, false
 * Integer                      42, -7
 * Long                         42L
 * Short, Byte, Float, Double   (short)42, (byte)42, (float)1.5, (double)1.5, (double)NaN
 * enum constant                com.example.Color.RED            (its enum class, a dot, its name)
 * record                       com.example.Isbn("978",1)        (its class, then every component's form)
 * java.util.Date and subtypes  java.util.Date(1700000000000)    (epoch millis; a Timestamp adds its nanos)
 * SimpleKey                    SimpleKey["a",1]                 (its parameters, arrays compared by content)
 * List                         List["a","b"]                    (any List implementation)
 * Set                          Set["a","b"]                     (any Set; elements sorted by their form)
 * Map                          Map{"a"=1,"b"=2}                 (any Map; entries sorted by key form)
 * Optional                     Optional["a"], Optional[]
 * Object[] (any reference type) ["a",1]                         (by content, as SimpleKey compares arrays)
 * primitive array              int[1,2], long[1L,2L], ...
 * any other class              com.example.Query("its toString()")
 * </pre>
 * Every element form is self-delimiting (its first character tells which rule applies, and each rule says where
 * the form ends), so a composite form splits into its parts in exactly one way: two keys share a form only when
 * they are equal. A {@code String} form never starts with a single {@code #} followed by anything else, and no
 * element form starts with {@code #} or {@code sha256:}, so strings, other keys and the digests of long keys
 * ({@code #sha256:...}, see {@link OrbitSpringCache}) never meet.
 * <p>
 * The last rule relies on the class's {@code toString()} telling unequal keys apart, as the JDK's value types
 * ({@code UUID}, {@code java.time}, {@code BigDecimal}, {@code Locale}, ...) do. A key whose class keeps
 * {@code Object}'s identity {@code equals} (no other process can ever produce an equal key), or keeps
 * {@code Object}'s {@code toString()} (its text differs between processes), is refused: give the cache
 * annotation a {@code key} expression, make it a record, or declare an {@link OrbitKeyCodec} bean.
 */
public class DefaultOrbitKeyCodec implements OrbitKeyCodec {

    /** First character of every form that is not a plain string. */
    public static final char TYPED = '#';

    private static final int MAX_DEPTH = 16;

    private static final Field SIMPLE_KEY_PARAMS = simpleKeyParams();

    private static final ClassValue<Method[]> RECORD_ACCESSORS = new ClassValue<>() {

        @Override
        protected Method[] computeValue(Class<?> type) {
            return accessors(type);
        }

    };

    private static final ClassValue<Boolean> VALUE_CLASSES = new ClassValue<>() {

        @Override
        protected Boolean computeValue(Class<?> type) {
            return overrides(type, "equals", Object.class) && overrides(type, "toString");
        }

    };

    private static final ClassValue<Method> NANOS = new ClassValue<>() {

        @Override
        protected Method computeValue(Class<?> type) {
            Method method = ReflectionUtils.findMethod(type, "getNanos");
            return (method != null && method.getReturnType() == int.class) ? method : null;
        }

    };

    @Override
    public String encode(Object key) {
        if (key instanceof String text) {
            return (!text.isEmpty() && text.charAt(0) == TYPED) ? TYPED + text : text;
        }
        StringBuilder out = new StringBuilder(32).append(TYPED);
        append(out, key, 0);
        return out.toString();
    }

    /**
     * Writes the UTF-8 bytes of {@link #encode(Object)}'s form of the commonest keys straight into {@code out}
     * (from its position; the position advances), without building the text: a {@code String} without surrogates,
     * an {@code Integer} or a {@code Long}. A cache hit with such a key then allocates nothing for the key.
     *
     * @param key      a cache key (never {@code null}).
     * @param out      where the bytes go; a {@code String} needs three bytes per character and one more.
     * @param maxBytes the longest form wanted.
     * @return {@code false}, and {@code out}'s position unchanged, for any other key, a form longer than
     *         {@code maxBytes}, or one {@code out} has no room for: then use {@link #encode(Object)}.
     */
    boolean encodeUtf8(Object key, ByteBuffer out, int maxBytes) {
        int start = out.position();
        int limit = start + Math.min(maxBytes, out.remaining());
        int end;
        if (key instanceof String text) {
            end = (!text.isEmpty() && text.charAt(0) == TYPED) ? putAscii(out, start, limit, TYPED) : start;
            end = putUtf8(out, end, limit, text);
        }
        else if (key instanceof Long number) {
            end = putAscii(out, putDecimal(out, putAscii(out, start, limit, TYPED), limit, number), limit, 'L');
        }
        else if (key instanceof Integer number) {
            end = putDecimal(out, putAscii(out, start, limit, TYPED), limit, number);
        }
        else {
            return false;
        }
        if (end < 0) {
            return false;
        }
        out.position(end);
        return true;
    }

    private static int putAscii(ByteBuffer out, int index, int limit, char c) {
        if (index < 0 || index >= limit) {
            return -1;
        }
        out.put(index, (byte) c);
        return index + 1;
    }

    /**
     * @return the index after the digits, or -1 when they do not fit.
     */
    private static int putDecimal(ByteBuffer out, int index, int limit, long value) {
        if (index < 0) {
            return -1;
        }
        if (value < 0) {
            index = putAscii(out, index, limit, '-');
            if (index < 0) {
                return -1;
            }
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        if (index + digits > limit) {
            return -1;
        }
        long rest = value;
        for (int i = index + digits - 1; i >= index; i--) {
            out.put(i, (byte) ('0' + Math.abs(rest % 10)));
            rest /= 10;
        }
        return index + digits;
    }

    /**
     * @return the index after the text's UTF-8 bytes, or -1 when they do not fit or the text has a surrogate (whose
     *         replacement rules {@link String#getBytes} owns).
     */
    private static int putUtf8(ByteBuffer out, int index, int limit, String text) {
        if (index < 0) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (index >= limit) {
                    return -1;
                }
                out.put(index++, (byte) c);
            }
            else if (c < 0x800) {
                if (index + 2 > limit) {
                    return -1;
                }
                out.put(index++, (byte) (0xC0 | (c >> 6)));
                out.put(index++, (byte) (0x80 | (c & 0x3F)));
            }
            else if (Character.isSurrogate(c)) {
                return -1;
            }
            else {
                if (index + 3 > limit) {
                    return -1;
                }
                out.put(index++, (byte) (0xE0 | (c >> 12)));
                out.put(index++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                out.put(index++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        return index;
    }

    private void append(StringBuilder out, Object key, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("cache key nested too deeply: depth=" + depth + ", max=" + MAX_DEPTH
                    + " (a key that contains itself?)");
        }
        if (key == null) {
            out.append("null");
        }
        else if (key instanceof String text) {
            quote(out, text, '"');
        }
        else if (key instanceof Integer number) {
            out.append(number.intValue());
        }
        else if (key instanceof Long number) {
            out.append(number.longValue()).append('L');
        }
        else if (key instanceof Boolean flag) {
            out.append(flag.booleanValue());
        }
        else if (key instanceof Character character) {
            quote(out, String.valueOf(character.charValue()), '\'');
        }
        else if (key instanceof Short number) {
            out.append("(short)").append(number.shortValue());
        }
        else if (key instanceof Byte number) {
            out.append("(byte)").append(number.byteValue());
        }
        else if (key instanceof Float number) {
            out.append("(float)").append(number.floatValue());
        }
        else if (key instanceof Double number) {
            out.append("(double)").append(number.doubleValue());
        }
        else if (key instanceof Enum<?> constant) {
            out.append(constant.getDeclaringClass().getName()).append('.').append(constant.name());
        }
        else if (key instanceof SimpleKey simpleKey) {
            out.append("SimpleKey");
            appendAll(out, Arrays.asList(simpleKeyParams(simpleKey)), depth, false);
        }
        else if (key instanceof List<?> list) {
            out.append("List");
            appendAll(out, list, depth, false);
        }
        else if (key instanceof Set<?> set) {
            out.append("Set");
            appendAll(out, set, depth, true);
        }
        else if (key instanceof Map<?, ?> map) {
            appendMap(out, map, depth);
        }
        else if (key instanceof Optional<?> optional) {
            out.append("Optional[");
            if (optional.isPresent()) {
                append(out, optional.get(), depth + 1);
            }
            out.append(']');
        }
        else if (key instanceof Object[] array) {
            appendAll(out, Arrays.asList(array), depth, false);
        }
        else if (key.getClass().isArray()) {
            out.append(key.getClass().getComponentType().getName());
            int length = Array.getLength(key);
            List<Object> elements = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                elements.add(Array.get(key, i));
            }
            appendAll(out, elements, depth, false);
        }
        else if (key instanceof Date date) {
            out.append(key.getClass().getName()).append('(').append(date.getTime());
            Method nanos = NANOS.get(key.getClass());
            if (nanos != null) {
                out.append(',').append(ReflectionUtils.invokeMethod(nanos, date));
            }
            out.append(')');
        }
        else if (key.getClass().isRecord()) {
            appendRecord(out, key, depth);
        }
        else {
            Class<?> type = key.getClass();
            checkValueClass(type);
            out.append(type.getName()).append('(');
            quote(out, key.toString(), '"');
            out.append(')');
        }
    }

    private void appendAll(StringBuilder out, Collection<?> items, int depth, boolean sorted) {
        out.append('[');
        if (sorted) {
            List<String> forms = new ArrayList<>(items.size());
            for (Object item : items) {
                StringBuilder form = new StringBuilder();
                append(form, item, depth + 1);
                forms.add(form.toString());
            }
            forms.sort(null);
            out.append(String.join(",", forms));
        }
        else {
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                append(out, item, depth + 1);
                first = false;
            }
        }
        out.append(']');
    }

    private void appendMap(StringBuilder out, Map<?, ?> map, int depth) {
        List<String[]> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            StringBuilder key = new StringBuilder();
            append(key, entry.getKey(), depth + 1);
            StringBuilder value = new StringBuilder();
            append(value, entry.getValue(), depth + 1);
            entries.add(new String[] { key.toString(), value.toString() });
        }
        entries.sort((a, b) -> a[0].compareTo(b[0]));
        out.append("Map{");
        for (int i = 0; i < entries.size(); i++) {
            out.append((i > 0) ? "," : "").append(entries.get(i)[0]).append('=').append(entries.get(i)[1]);
        }
        out.append('}');
    }

    private void appendRecord(StringBuilder out, Object key, int depth) {
        Class<?> type = key.getClass();
        Method[] accessors = RECORD_ACCESSORS.get(type);
        out.append(type.getName()).append('(');
        for (int i = 0; i < accessors.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            Object component;
            try {
                component = accessors[i].invoke(key);
            }
            catch (ReflectiveOperationException | RuntimeException ex) {
                throw new IllegalArgumentException("cannot read component '" + accessors[i].getName()
                        + "' of cache key record " + type.getName() + ": " + ex + "; give the cache annotation a "
                        + "key expression or declare an OrbitKeyCodec bean", ex);
            }
            append(out, component, depth + 1);
        }
        out.append(')');
    }

    private static Method[] accessors(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Method[] accessors = new Method[components.length];
        for (int i = 0; i < components.length; i++) {
            accessors[i] = components[i].getAccessor();
            try {
                ReflectionUtils.makeAccessible(accessors[i]);
            }
            catch (RuntimeException ex) {
                throw new IllegalArgumentException("cannot read the components of cache key record " + type.getName()
                        + " (" + ex + "): open its package to Orbit, give the cache annotation a key expression, "
                        + "or declare an OrbitKeyCodec bean", ex);
            }
        }
        return accessors;
    }

    private static void checkValueClass(Class<?> type) {
        if (!VALUE_CLASSES.get(type)) {
            String what = overrides(type, "equals", Object.class) ? "keeps Object's toString(), whose text differs "
                    + "between processes" : "keeps Object's identity equals(), so no other process can produce an "
                            + "equal key";
            throw new IllegalArgumentException("cache key of type " + type.getName() + " has no stable form: it "
                    + what + "; give the cache annotation a key expression (for example key = \"#p0.id\"), make the "
                    + "key a record, or declare an OrbitKeyCodec bean");
        }
    }

    private static boolean overrides(Class<?> type, String name, Class<?>... parameterTypes) {
        Method method = ReflectionUtils.findMethod(type, name, parameterTypes);
        return method != null && method.getDeclaringClass() != Object.class;
    }

    private static void quote(StringBuilder out, String text, char quote) {
        out.append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append(quote);
    }

    private static Object[] simpleKeyParams(SimpleKey key) {
        if (SIMPLE_KEY_PARAMS != null) {
            try {
                return (Object[]) SIMPLE_KEY_PARAMS.get(key);
            }
            catch (IllegalAccessException | RuntimeException ex) {
                // reported below
            }
        }
        throw new IllegalArgumentException("cannot read the parameters of " + key + " (SimpleKey's 'params' field is "
                + "not accessible in this runtime): give the cache annotation a key expression or declare an "
                + "OrbitKeyCodec bean");
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
