package dev.orbit.stress;

import dev.orbit.ring.OrbitType;

/**
 * The ring the fault-injection and soak writers publish to: 4096 slots of 64 payload bytes, so writers lap
 * it several times a second and take over dead writers' slots.
 */
@OrbitType(kind = 42, capacity = 4096, payload = 64)
final class StressFrame {

    /** Payload bytes of every frame (8 self-checking words). */
    static final int PAYLOAD = 64;

    private StressFrame() {
    }
}
