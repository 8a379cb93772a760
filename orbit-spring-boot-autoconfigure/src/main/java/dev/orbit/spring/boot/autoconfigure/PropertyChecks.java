package dev.orbit.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.regex.Pattern;

import dev.orbit.ring.RingSpec;
import dev.orbit.spring.boot.autoconfigure.diagnostics.InvalidOrbitPropertyException;

import org.springframework.util.unit.DataSize;

/**
 * Checks shared by the {@code orbit.*} property classes; each failure is an {@link InvalidOrbitPropertyException}
 * naming the property, its value and a fix.
 */
final class PropertyChecks {

    /** A fleet or cache name: 1 to 64 of [A-Za-z0-9_.-], starting with a letter or digit. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private PropertyChecks() {
    }

    static void positive(String property, Duration value, String fix) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new InvalidOrbitPropertyException(property, value, "the duration must be positive", fix);
        }
    }

    static void powerOfTwo(Limit limit, int min, int max, String what) {
        int value = limit.value();
        if (value < min || value > max || Integer.bitCount(value) != 1) {
            throw new InvalidOrbitPropertyException(limit.property(), value,
                    what + " must be a power of two from " + min + " to " + max,
                    "set " + limit.property() + " to a power of two such as " + suggestions(limit, min, max));
        }
    }

    /**
     * @return the power of two nearest to the value (when it lies in range) or the largest (when above it), and
     *         the default.
     */
    private static String suggestions(Limit limit, int min, int max) {
        int value = limit.value();
        Integer near = null;
        String why = null;
        if (value > max) {
            near = max;
            why = "the largest";
        }
        else if (value >= min) {
            int below = Integer.highestOneBit(value);
            long above = (long) below << 1;
            near = (int) ((value - below < above - value || above > max) ? below : above);
            why = "the nearest to " + value;
        }
        String fallback = limit.fallback() + " (" + limit.fallbackName() + ")";
        return (near == null || near == limit.fallback()) ? fallback : near + " (" + why + ") or " + fallback;
    }

    /**
     * @param capacity the slots property.
     * @param size     the payload size property.
     * @return the ring spec they describe.
     * @throws InvalidOrbitPropertyException naming the property to change.
     */
    static RingSpec spec(Limit capacity, Size size) {
        int slots = capacity.value();
        if (slots < RingSpec.MIN_CAPACITY || slots > RingSpec.MAX_CAPACITY || Integer.bitCount(slots) != 1) {
            throw new InvalidOrbitPropertyException(capacity.property(), slots,
                    "a ring capacity is a power of two from " + RingSpec.MIN_CAPACITY + " to " + RingSpec.MAX_CAPACITY,
                    "set " + capacity.property() + " to a power of two such as "
                            + suggestions(capacity, RingSpec.MIN_CAPACITY, RingSpec.MAX_CAPACITY));
        }
        long bytes = (size.value() != null) ? size.value().toBytes() : -1;
        if (bytes < 0 || bytes > RingSpec.MAX_PAYLOAD_CAPACITY) {
            throw new InvalidOrbitPropertyException(size.property(), size.value(),
                    "a slot holds 0 to " + RingSpec.MAX_PAYLOAD_CAPACITY + " bytes",
                    "set " + size.property() + " to a size such as " + InvalidOrbitPropertyException.display(
                            size.fallback()) + " (at most 1MB)");
        }
        try {
            return RingSpec.of(slots, (int) bytes);
        }
        catch (IllegalArgumentException ex) {
            // Too large to map: blame the value that is too large even beside the other's default, else the one
            // furthest above its default.
            int defaultBytes = (int) size.fallback().toBytes();
            boolean capacityFits = fits(slots, defaultBytes);
            boolean sizeFits = fits(capacity.fallback(), (int) bytes);
            boolean blameCapacity = (capacityFits != sizeFits) ? !capacityFits
                    : (double) slots / capacity.fallback() >= (double) bytes / Math.max(1, defaultBytes);
            int fitting = slots;
            while (fitting > RingSpec.MIN_CAPACITY && !fits(fitting, (int) bytes)) {
                fitting >>>= 1;
            }
            String reason = "one ring maps at most 2GB, and " + slots + " slots of "
                    + InvalidOrbitPropertyException.display(size.value()) + " would not fit (" + ex.getMessage() + ")";
            String fix = "lower " + capacity.property() + " (" + slots + ") or " + size.property() + " ("
                    + InvalidOrbitPropertyException.display(size.value()) + "), e.g. " + capacity.property() + "="
                    + fitting;
            if (blameCapacity) {
                throw new InvalidOrbitPropertyException(capacity.property(), slots, reason, fix);
            }
            throw new InvalidOrbitPropertyException(size.property(), size.value(), reason, fix);
        }
    }

    private static boolean fits(int capacity, int payloadBytes) {
        try {
            RingSpec.of(capacity, payloadBytes);
            return true;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    /**
     * A count property, with what to suggest when it is out of range.
     *
     * @param property     the property's name.
     * @param value        its value.
     * @param fallback     the value to suggest.
     * @param fallbackName what the suggested value is ("the default", or the property it defaults to).
     */
    record Limit(String property, int value, int fallback, String fallbackName) {
    }

    /**
     * A size property, with the size to suggest.
     *
     * @param property the property's name.
     * @param value    its value.
     * @param fallback the size to suggest.
     */
    record Size(String property, DataSize value, DataSize fallback) {
    }

}
