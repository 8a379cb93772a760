package dev.orbit.contest;

import java.nio.charset.StandardCharsets;

import dev.orbit.ring.OrbitType;

/**
 * What is claimed: a kind (usually the {@link OrbitType} kind of the caller's type, 0 for none) and a label.
 *
 * @param kind  0..255.
 * @param label non-empty, at most {@link #MAX_LABEL_LENGTH} UTF-8 bytes.
 */
public record Subject(int kind, String label) {

    /** Longest label in UTF-8 bytes. */
    public static final int MAX_LABEL_LENGTH = 200;

    /**
     * Validates the subject.
     */
    public Subject {
        if (kind < 0 || kind > 255) {
            throw new IllegalArgumentException("subject kind out of range: kind=" + kind + ", expected 0..255");
        }
        if (label == null || label.isEmpty()) {
            throw new IllegalArgumentException("subject label must not be empty: label=" + label);
        }
        final int length = label.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("subject label too long: length=" + length + " bytes, max=" +
                MAX_LABEL_LENGTH + ", label=" + label.substring(0, 32) + "...");
        }
    }

    /**
     * @param label the label.
     * @return a subject of kind 0.
     */
    public static Subject of(final String label) {
        return new Subject(0, label);
    }

    /**
     * @param type  a type annotated with {@link OrbitType}.
     * @param label the label.
     * @return a subject of that type's kind.
     */
    public static Subject of(final Class<?> type, final String label) {
        final OrbitType orbitType = type.getAnnotation(OrbitType.class);
        if (orbitType == null) {
            throw new IllegalArgumentException("type has no @OrbitType: type=" + type.getName());
        }
        return new Subject(orbitType.kind(), label);
    }

    @Override
    public String toString() {
        return kind + "/" + label;
    }
}
