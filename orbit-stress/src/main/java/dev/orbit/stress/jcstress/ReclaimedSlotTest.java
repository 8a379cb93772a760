package dev.orbit.stress.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIIII_Result;

import dev.orbit.internal.ring.OwnerLiveness;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.StartPosition;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Reader vs reclaimed slot. Capacity 2, head 4: node 1 died writing counter 2 (its slot is
 * {@code (2, node 1, WRITING)} with half of frame 4's payload over the old bytes); counter 3 holds frame 3.
 * The {@link OwnerLiveness} flag says node 1 is gone. Node 2 publishes frame 5 at counter 4 and must take
 * the dead writer's slot over; a cursor of node 3 at position 2 polls once at the same time.
 * <p>
 * r1: node 2 committed (1). r2: frames the poll delivered as a bit mask (bit n = frame n; 8 = frame 3,
 * 40 = frames 3 and 5; -1 torn). r3/r4: overwritten, unavailable after the poll. r5: the cursor's position
 * plus 100 per position parked as pending (none expected: the only uncommitted position is the newest).
 * r6 (arbiter): the ring's takeover count. r7: the frame left at counter 4's slot.
 */
@JCStressTest
@Description("A dead writer's slot is taken over; readers count its position as lost and never see its half frame.")
@Outcome(id = "1, 8, 0, 1, 4, 1, 5", expect = ACCEPTABLE,
    desc = "Position 2 still WRITING by a gone owner -> unavailable; frame 3 delivered; the poll stopped at 4 (head 4, or counter 4 reserved but not committed: the newest reservation is waited at).")
@Outcome(id = "1, 8, 1, 0, 4, 1, 5", expect = ACCEPTABLE,
    desc = "Slot 0 already held counter 4 (taken over) -> position 2 overwritten; frame 3 delivered; counter 4 not yet committed (or the head read at 4).")
@Outcome(id = "1, 40, 0, 1, 5, 1, 5", expect = ACCEPTABLE,
    desc = "Position 2 seen WRITING by a gone owner (unavailable), then frame 5 committed before position 4 was read: delivered.")
@Outcome(id = "1, 40, 1, 0, 5, 1, 5", expect = ACCEPTABLE,
    desc = "Takeover and commit both done before the poll reached them: position 2 overwritten, frames 3 and 5 delivered.")
@Outcome(id = "1, -1, .*", expect = FORBIDDEN, desc = "TORN: the cursor delivered words from two frames.")
@Outcome(expect = FORBIDDEN,
    desc = "Anything else: the dead writer's half frame 4 delivered, the takeover refused, a loss not counted.")
@State
public class ReclaimedSlotTest {

    private final SlotFixture fixture = new SlotFixture(2);
    private final Ring writer;
    private final RingCursor cursor;
    private final Capture capture = new Capture();

    public ReclaimedSlotTest() {
        final OwnerLiveness nodeOneGone = node -> node == 1;
        final Ring dead = fixture.open(1, OwnerLiveness.neverGone());
        for (int frame = 0; frame < 4; frame++) {
            SlotFixture.publish(dead, frame);
        }
        fixture.dieMidWrite(2, 1, 4);
        writer = fixture.open(2, nodeOneGone);
        cursor = fixture.open(3, nodeOneGone).cursor(StartPosition.EARLIEST);
    }

    @Actor
    public void writer(final IIIIIII_Result r) {
        r.r1 = SlotFixture.publish(writer, 5) ? 1 : 0;
    }

    @Actor
    public void reader(final IIIIIII_Result r) {
        cursor.poll(capture, 8);
        r.r2 = capture.maskOrTorn();
        r.r3 = (int)cursor.loss().overwritten();
        r.r4 = (int)cursor.loss().unavailable();
        r.r5 = (int)cursor.position() + 100 * cursor.pendingCount();
    }

    @Arbiter
    public void arbiter(final IIIIIII_Result r) {
        r.r6 = (int)writer.stats().takeovers();
        r.r7 = fixture.committedFrameIn(4);
    }
}
