package dev.orbit.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Which event topics a host carries to the other hosts: exact names, and prefixes written {@code name.*}
 * ({@code orders.*} matches {@code orders.paid} and {@code orders.eu.paid}); {@code *} matches every topic.
 * Matched on the frame's bytes, allocation-free. Immutable.
 */
public final class TopicFilter {

    /** Every topic. */
    public static final TopicFilter ALL = new TopicFilter(List.of("*"));

    private final List<String> patterns;
    private final boolean all;
    private final byte[][] exact;
    private final byte[][] prefixes;

    private TopicFilter(final List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.all = patterns.contains("*");
        this.exact = patterns.stream().filter(p -> !p.endsWith("*"))
            .map(p -> p.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        this.prefixes = patterns.stream().filter(p -> p.endsWith(".*"))
            .map(p -> p.substring(0, p.length() - 1).getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /**
     * @param patterns topic names, {@code prefix.*} patterns, or {@code *}; at least one.
     * @return the filter.
     * @throws IllegalArgumentException naming a pattern that is empty, has a {@code *} elsewhere than as the whole
     *     pattern or after a final dot, or is longer than a topic can be.
     */
    public static TopicFilter of(final Collection<String> patterns) {
        Objects.requireNonNull(patterns, "patterns");
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("topics: at least one topic or pattern is needed (\"*\" for all)");
        }
        for (final String pattern : patterns) {
            if (pattern == null || pattern.isEmpty()) {
                throw new IllegalArgumentException("topics: a pattern is empty: topics=" + patterns);
            }
            final int star = pattern.indexOf('*');
            final boolean wildcardOk = star < 0 || pattern.equals("*") ||
                (star == pattern.length() - 1 && pattern.endsWith(".*") && pattern.length() > 2);
            if (!wildcardOk) {
                throw new IllegalArgumentException("topics: '" + pattern + "' is not a topic, a 'prefix.*' pattern " +
                    "or '*': topics=" + patterns);
            }
            if (pattern.getBytes(StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException("topics: '" + pattern + "' is longer than 255 bytes");
            }
        }
        return new TopicFilter(List.copyOf(patterns));
    }

    /**
     * @param topic a topic.
     * @return true when this host carries events of that topic.
     */
    public boolean matches(final String topic) {
        final byte[] bytes = topic.getBytes(StandardCharsets.UTF_8);
        return matches(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    boolean matches(final ByteBuffer buffer, final int offset, final int length) {
        if (all) {
            return true;
        }
        for (final byte[] name : exact) {
            if (name.length == length && equal(buffer, offset, name, name.length)) {
                return true;
            }
        }
        for (final byte[] prefix : prefixes) {
            if (length > prefix.length && equal(buffer, offset, prefix, prefix.length)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equal(final ByteBuffer buffer, final int offset, final byte[] bytes, final int length) {
        for (int i = 0; i < length; i++) {
            if (buffer.get(offset + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the patterns.
     */
    public List<String> patterns() {
        return patterns;
    }

    @Override
    public String toString() {
        return "TopicFilter" + patterns;
    }
}
