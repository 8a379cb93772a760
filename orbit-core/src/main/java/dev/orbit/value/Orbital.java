package dev.orbit.value;

import java.util.Optional;

/**
 * The newest value of a fixed-size record type, shared by a fleet: {@link #store(Record)} publishes it,
 * {@link #load()} reads the newest committed one.
 *
 * @param <T> a record whose components are primitives.
 */
public interface Orbital<T extends Record> {

    /**
     * @param value the value.
     * @return the frame's NetId64, or {@code NetId64.NULL} when its write was lost.
     */
    long store(T value);

    /**
     * @return the newest committed value, empty if none.
     */
    Optional<T> load();

    /**
     * @return the record type.
     */
    Class<T> type();
}
