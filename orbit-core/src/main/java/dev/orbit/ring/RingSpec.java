package dev.orbit.ring;

/**
 * The shape of a ring: how many slots and how many payload bytes each slot holds.
 *
 * @param capacity        slots, a power of two from {@link #MIN_CAPACITY} to {@link #MAX_CAPACITY}.
 * @param payloadCapacity payload bytes per slot, 0 to {@link #MAX_PAYLOAD_CAPACITY}.
 */
public record RingSpec(int capacity, int payloadCapacity) {

    /** Smallest capacity. */
    public static final int MIN_CAPACITY = 2;

    /** Largest capacity. */
    public static final int MAX_CAPACITY = 1 << 30;

    /** Largest payload capacity. */
    public static final int MAX_PAYLOAD_CAPACITY = 1 << 20;

    /** Default capacity of a ring whose type does not say. */
    public static final int DEFAULT_CAPACITY = 1024;

    /** Default payload capacity of a ring whose type does not say. */
    public static final int DEFAULT_PAYLOAD_CAPACITY = 256;

    /** The default spec. */
    public static final RingSpec DEFAULT = new RingSpec(DEFAULT_CAPACITY, DEFAULT_PAYLOAD_CAPACITY);

    /**
     * Validates the spec.
     *
     * @throws IllegalArgumentException naming the value and the rule.
     */
    public RingSpec {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two from " + MIN_CAPACITY +
                " to " + MAX_CAPACITY + ": capacity=" + capacity);
        }
        if (payloadCapacity < 0 || payloadCapacity > MAX_PAYLOAD_CAPACITY) {
            throw new IllegalArgumentException("ring payload capacity must be 0.." + MAX_PAYLOAD_CAPACITY +
                ": payloadCapacity=" + payloadCapacity);
        }
        final long length = RingDescriptor.length(capacity, SlotDescriptor.stride(payloadCapacity));
        if (length > RingDescriptor.MAX_LENGTH) {
            throw new IllegalArgumentException("ring too large to map: capacity=" + capacity + ", payloadCapacity=" +
                payloadCapacity + ", length=" + length + " bytes, max=" + RingDescriptor.MAX_LENGTH +
                " (lower the capacity or the payload capacity)");
        }
    }

    /**
     * @param capacity        slots.
     * @param payloadCapacity payload bytes per slot.
     * @return a validated spec.
     */
    public static RingSpec of(final int capacity, final int payloadCapacity) {
        return new RingSpec(capacity, payloadCapacity);
    }

    /**
     * @return bytes per slot.
     */
    public int stride() {
        return SlotDescriptor.stride(payloadCapacity);
    }

    /**
     * @return bytes of the whole ring, header included.
     */
    public long length() {
        return RingDescriptor.length(capacity, stride());
    }

    @Override
    public String toString() {
        return "RingSpec(capacity=" + capacity + ", payloadCapacity=" + payloadCapacity + ")";
    }
}
