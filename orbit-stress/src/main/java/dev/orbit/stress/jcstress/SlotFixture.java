package dev.orbit.stress.jcstress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.agrona.concurrent.EpochClock;

import dev.orbit.internal.memory.BufferAccess;
import dev.orbit.internal.ring.OwnerLiveness;
import dev.orbit.internal.ring.Rings;
import dev.orbit.internal.ring.SeqWord;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingDescriptor;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.SlotDescriptor;
import dev.orbit.stress.Payloads;

/**
 * One small ring in one direct buffer, opened by several node ids as sibling processes would open a
 * mapped file: {@code Rings.initialise} once, then {@code Rings.over} per node. The clock stands still unless a
 * test moves it, so no pending position times out inside a jcstress iteration by accident.
 * <p>
 * Frame {@code n} carries the {@link Payloads} of seed {@code SEED_BASE + n}; its version and frame kind name
 * its group of 16 ({@code n >> 4}), so frames of one batch (one version, one frame kind) check out too.
 * {@link #frameNumber} turns a delivered frame back into its number, or {@link #TORN}.
 */
final class SlotFixture {

    /** Ring kind used by every test. */
    static final int KIND = 7;

    /** Payload bytes: 32 words, so a mix of two frames shows in any word, and a write is long enough to be caught halfway. */
    static final int PAYLOAD = 256;

    /** Result code: the frame's words did not all derive from one seed. */
    static final int TORN = -1;

    /** Result code: nothing readable. */
    static final int NONE = -2;

    private static final long SEED_BASE = 0x5EED_0000_0000L;

    final ByteBuffer buffer;
    final RingSpec spec;

    /** The rings' clock: stands still unless a test moves it (pending positions time out after 1000). */
    volatile long now;
    private final EpochClock clock = () -> now;

    SlotFixture(final int capacity) {
        this.spec = RingSpec.of(capacity, PAYLOAD);
        this.buffer = ByteBuffer.allocateDirect((int)spec.length() + SlotDescriptor.ALIGNMENT)
            .alignedSlice(SlotDescriptor.ALIGNMENT)
            .order(ByteOrder.LITTLE_ENDIAN);
        Rings.initialise(buffer, KIND, spec);
    }

    /**
     * @param node     the node id this handle writes as.
     * @param liveness who is gone, as this handle sees it.
     * @return a writable handle on the shared buffer.
     */
    Ring open(final int node, final OwnerLiveness liveness) {
        return Rings.over(buffer, node, liveness, clock, Rings.DEFAULT_PENDING_TIMEOUT_MS, true);
    }

    /**
     * @param number frame number.
     * @return its seed.
     */
    static long seed(final int number) {
        return SEED_BASE + number;
    }

    /**
     * @param number frame number.
     * @return its payload.
     */
    static byte[] payload(final int number) {
        return Payloads.of(seed(number), PAYLOAD);
    }

    /**
     * @param number frame number.
     * @return the version frame {@code number} is published with.
     */
    static long version(final int number) {
        return SEED_BASE + (number >> 4);
    }

    /**
     * Publishes frame {@code number}.
     *
     * @return true when committed.
     */
    static boolean publish(final Ring ring, final int number) {
        return ring.publish(number >> 4, version(number), payload(number)) != NetId64.NULL;
    }

    /**
     * Publishes frames {@code first} and {@code first + 1} at consecutive counters (one group).
     *
     * @return how many committed.
     */
    static int publishPair(final Ring ring, final int first) {
        final long[] ids = ring.publishBatch(first >> 4, version(first), List.of(payload(first), payload(first + 1)));
        return (ids[0] != NetId64.NULL ? 1 : 0) + (ids[1] != NetId64.NULL ? 1 : 0);
    }

    /**
     * @return the frame number of a delivered frame, or {@link #TORN}.
     */
    static int frameNumber(final int frameKind, final long version, final ByteBuffer buffer, final int offset, final int length) {
        final long seed = Payloads.check(buffer, offset, length);
        final long number = seed - SEED_BASE;
        final boolean header = version == version((int)number) && frameKind == (int)number >> 4 ||
            version == 0 && frameKind == 0; // RingSeams.publishAt writes kind 0, version 0
        if (seed == Payloads.TORN || length != PAYLOAD || number < 0 || number > 0xFFFF || !header) {
            return TORN;
        }
        return (int)number;
    }

    int slotOffset(final long counter) {
        return RingDescriptor.slotOffset((int)(counter & (spec.capacity() - 1)), spec.stride());
    }

    long seqWord(final long counter) {
        return BufferAccess.getLongVolatile(buffer, slotOffset(counter));
    }

    /**
     * Moves the head on as if {@code count} more counters had been reserved by writers that have not touched
     * their slots yet.
     */
    void reserve(final int count) {
        BufferAccess.getAndAddLong(buffer, RingDescriptor.HEAD_OFFSET, (long)count);
    }

    /**
     * Simulates a writer of {@code node} that reserved {@code counter}, claimed its slot and died after storing
     * part of a frame: the slot is left {@code (counter, node, WRITING)} with half the payload of frame
     * {@code number} over what was there, and an id/version that do not match.
     */
    void dieMidWrite(final long counter, final int node, final int number) {
        final int slot = slotOffset(counter);
        BufferAccess.putLongVolatile(buffer, slot, SeqWord.pack(counter, node, SeqWord.WRITING));
        final byte[] half = payload(number);
        buffer.put(SlotDescriptor.payloadOffset(slot), half, 0, PAYLOAD / 2);
    }

    /**
     * Reads a slot raw, after the actors finished (arbiter only).
     *
     * @return the number of the frame whose seq is committed there and whose fields all agree; {@link #TORN}
     *     when the slot is committed but its id, version, kind or payload disagree; {@link #NONE} when not committed.
     */
    int committedFrameIn(final long counterOfSlot) {
        final int slot = slotOffset(counterOfSlot);
        final long word = BufferAccess.getLongVolatile(buffer, slot);
        if (SeqWord.state(word) != SeqWord.COMMITTED) {
            return NONE;
        }
        final long id = buffer.getLong(slot + SlotDescriptor.ID_OFFSET);
        final long version = buffer.getLong(slot + SlotDescriptor.VERSION_OFFSET);
        final int length = buffer.getInt(slot + SlotDescriptor.LENGTH_OFFSET);
        final int frameKind = buffer.get(slot + SlotDescriptor.FRAME_KIND_OFFSET) & 0xFF;
        if (length != PAYLOAD || NetId64.counter(id) != (SeqWord.counter(word) & NetId64.COUNTER_MASK) ||
            NetId64.node(id) != SeqWord.node(word)) {
            return TORN;
        }
        return frameNumber(frameKind, version, buffer, SlotDescriptor.payloadOffset(slot), length);
    }
}
