package dev.orbit.tools;

import dev.orbit.ring.OrbitType;

/**
 * The typed ring the test fleets publish on: kind 7, 64 slots of 32 payload bytes.
 *
 * @param sequence a counter.
 */
@OrbitType(kind = Tick.KIND, capacity = Tick.CAPACITY, payload = Tick.PAYLOAD)
public record Tick(long sequence) {

    static final int KIND = 7;
    static final int CAPACITY = 64;
    static final int PAYLOAD = 32;
}
