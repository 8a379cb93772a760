package dev.orbit.bench.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.orbit.internal.memory.BufferAccess;
import dev.orbit.internal.ring.SeqWord;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.RingDescriptor;
import dev.orbit.ring.SlotDescriptor;

/**
 * The "without torn-frame protection" baseline of {@link RingReadBenchmark}: reads a slot of an Orbit ring
 * straight from its memory the way a plain reader would (acquire the sequence word, require the counter and
 * COMMITTED, copy the frame), but skips what makes Orbit's read safe against a writer that stalls and
 * finishes its stores after being lapped: the acquire fence, the re-read of the sequence word and the id
 * check. orbit-core has no switch to turn that protection off, so the baseline lives here, over the same
 * slot layout ({@link SlotDescriptor}, {@link RingDescriptor}). Never use this to read a live ring.
 */
final class UncheckedSlotReader {

    private final ByteBuffer ring;
    private final long mask;
    private final int stride;
    private final int payloadCapacity;
    private final ByteBuffer copy;

    UncheckedSlotReader(final ByteBuffer ring) {
        this.ring = ring.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.mask = this.ring.getInt(RingDescriptor.CAPACITY_OFFSET) - 1;
        this.stride = this.ring.getInt(RingDescriptor.SLOT_STRIDE_OFFSET);
        this.payloadCapacity = this.ring.getInt(RingDescriptor.PAYLOAD_CAPACITY_OFFSET);
        this.copy = ByteBuffer.allocateDirect(Math.max(payloadCapacity, 1)).order(ByteOrder.LITTLE_ENDIAN);
    }

    boolean readAt(final long counter, final FrameHandler handler) {
        final ByteBuffer ring = this.ring;
        final int slot = RingDescriptor.HEADER_LENGTH + (int)(counter & mask) * stride;
        final long word = BufferAccess.getLongAcquire(ring, slot + SlotDescriptor.SEQ_OFFSET);
        if (SeqWord.state(word) != SeqWord.COMMITTED || SeqWord.compare(word, counter) != 0) {
            return false;
        }
        final long id = BufferAccess.getLong(ring, slot + SlotDescriptor.ID_OFFSET);
        final long version = BufferAccess.getLong(ring, slot + SlotDescriptor.VERSION_OFFSET);
        final int length = BufferAccess.getInt(ring, slot + SlotDescriptor.LENGTH_OFFSET);
        final int frameKind = ring.get(slot + SlotDescriptor.FRAME_KIND_OFFSET) & 0xFF;
        if (length < 0 || length > payloadCapacity) {
            return false;
        }
        copy.put(0, ring, SlotDescriptor.payloadOffset(slot), length);
        handler.onFrame(id, frameKind, version, copy, 0, length);
        return true;
    }
}
