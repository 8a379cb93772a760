package dev.orbit.stress;

import dev.orbit.ring.OrbitType;

/**
 * A small ring (256 slots) for the stall test: the other writers lap it many times while one writer is stopped.
 */
@OrbitType(kind = 43, capacity = 256, payload = 64)
final class LapFrame {

    private LapFrame() {
    }
}
