package dev.orbit.bench.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.SystemEpochClock;

import dev.orbit.internal.ring.OwnerLiveness;
import dev.orbit.internal.ring.Rings;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.SlotDescriptor;

/**
 * Rings and payloads shared by the ring benchmarks. Every ring (Orbit's and Agrona's) gets about the same
 * memory, {@link #RING_BYTES}, whatever the payload size, so no benchmark wins by fitting a smaller cache.
 */
final class BenchRings {

    /** Memory per ring under test. */
    static final int RING_BYTES = 8 << 20;

    /** Ring kind used by the in-process benchmarks. */
    static final int KIND = 7;

    /** Node id of the benchmark process. */
    static final int NODE = 1;

    private BenchRings() {
    }

    /**
     * @param payload payload bytes per slot.
     * @return slots so that the ring takes about {@link #RING_BYTES}, at least 1024.
     */
    static int capacityFor(final int payload) {
        final int stride = SlotDescriptor.stride(payload);
        return Math.max(1024, Integer.highestOneBit(RING_BYTES / stride));
    }

    /**
     * An in-process ring over memory this class owns, so a baseline can read the same slots directly.
     *
     * @param memory  receives the ring's memory (a 64-byte aligned little-endian direct buffer).
     * @param payload payload capacity.
     * @return the ring.
     */
    static Ring ringOver(final ByteBuffer[] memory, final int payload) {
        final RingSpec spec = RingSpec.of(capacityFor(payload), payload);
        final ByteBuffer buffer = ByteBuffer.allocateDirect((int)spec.length() + SlotDescriptor.ALIGNMENT)
            .alignedSlice(SlotDescriptor.ALIGNMENT)
            .order(ByteOrder.LITTLE_ENDIAN);
        Rings.initialise(buffer, KIND, spec);
        memory[0] = buffer;
        return Rings.over(buffer, NODE, OwnerLiveness.neverGone(), SystemEpochClock.INSTANCE,
            Rings.DEFAULT_PENDING_TIMEOUT_MS, true);
    }

    /**
     * @param payload payload capacity.
     * @return a fresh in-process ring.
     */
    static Ring allocate(final int payload) {
        return Rings.allocate(KIND, RingSpec.of(capacityFor(payload), payload), NODE, SystemEpochClock.INSTANCE,
            Rings.DEFAULT_PENDING_TIMEOUT_MS);
    }

    /**
     * @param length bytes.
     * @return a direct buffer of {@code length} non-zero bytes.
     */
    static ByteBuffer payload(final int length) {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; i++) {
            buffer.put(i, (byte)(i * 31 + 7));
        }
        return buffer;
    }
}
