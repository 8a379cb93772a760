package dev.orbit.stress.jcstress;

import java.nio.ByteBuffer;

import dev.orbit.ring.FrameHandler;

/**
 * Records what a reader was handed: the frame number of each delivered frame, or {@link SlotFixture#TORN}
 * as soon as one frame did not check out. Belongs to one actor.
 */
final class Capture implements FrameHandler {

    /** Number of the last delivered frame; {@link SlotFixture#NONE} until one arrives. */
    int last = SlotFixture.NONE;

    /** Bit {@code n} is set when frame {@code n} (below 31) was delivered whole. */
    int mask;

    /** Frames delivered. */
    int count;

    /** True once a delivered frame did not check out. */
    boolean torn;

    @Override
    public void onFrame(
        final long id, final int frameKind, final long version, final ByteBuffer buffer, final int offset, final int length) {
        final int number = SlotFixture.frameNumber(frameKind, version, buffer, offset, length);
        count++;
        if (number == SlotFixture.TORN || number > 30) {
            torn = true;
            last = SlotFixture.TORN;
            return;
        }
        last = number;
        mask |= 1 << number;
    }

    /**
     * @return {@link SlotFixture#TORN} if any frame was torn, else the delivered frames as a bit mask.
     */
    int maskOrTorn() {
        return torn ? SlotFixture.TORN : mask;
    }
}
