package dev.orbit.bench.xproc;

import dev.orbit.ring.OrbitType;

/**
 * The ring types the cross-process benchmarks publish: user kinds, so the fleet maps one ring per type.
 */
final class Frames {

    /** Payload of a ping-pong frame. */
    static final int PAYLOAD = 64;

    private Frames() {
    }

    /** Parent to child. */
    @OrbitType(kind = 11, capacity = 1024, payload = PAYLOAD)
    static final class Ping {
    }

    /** Child to parent. */
    @OrbitType(kind = 12, capacity = 1024, payload = PAYLOAD)
    static final class Pong {
    }

    /** The ring every writer process publishes into in {@link WriterScaling}. */
    @OrbitType(kind = 13, capacity = 65_536, payload = PAYLOAD)
    static final class Load {
    }
}
