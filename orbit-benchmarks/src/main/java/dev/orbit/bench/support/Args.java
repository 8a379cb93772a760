package dev.orbit.bench.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code key=value} command-line arguments of the cross-process mains.
 */
public final class Args {

    private final Map<String, String> values = new LinkedHashMap<>();

    /**
     * @param args {@code key=value} strings.
     */
    public Args(final String... args) {
        for (final String arg : args) {
            final int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value: arg=" + arg);
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
    }

    /**
     * @param key a key.
     * @return its value.
     * @throws IllegalArgumentException when it is missing.
     */
    public String get(final String key) {
        final String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing argument: " + key + "=..., given " + values);
        }
        return value;
    }

    /**
     * @param key          a key.
     * @param defaultValue used when it is missing.
     * @return its value.
     */
    public String get(final String key, final String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    /**
     * @param key          a key.
     * @param defaultValue used when it is missing.
     * @return its value as an int.
     */
    public int getInt(final String key, final int defaultValue) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : defaultValue;
    }
}
