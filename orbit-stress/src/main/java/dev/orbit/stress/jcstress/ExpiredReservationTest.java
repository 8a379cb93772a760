package dev.orbit.stress.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIII_Result;

import dev.orbit.internal.ring.OwnerLiveness;
import dev.orbit.internal.ring.RingSeams;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.StartPosition;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A late writer vs a reader settling its reservation. Capacity 2 holds frames 0 and 1; a writer of node 2
 * reserved counter 2 (the head is 3) and stalled before touching its slot. A cursor has been waiting at
 * position 2, the newest reservation, for longer than the pending timeout. Now the writer resumes (the second
 * half of its publish) while the cursor polls: the cursor cancels the expired position with a CAS to
 * {@code (2, ABANDONED)} unless the writer has claimed the slot first; a live writer's WRITING slot is never
 * cancelled, the cursor keeps waiting. The arbiter polls once more.
 * <p>
 * r1: the late write committed (1) or was lost (0). r2/r3: frames the actor's poll delivered / counted
 * unavailable. r4 (arbiter, after a second poll): frames delivered in all, plus 100 per position still
 * pending or waited at. r5: frame 2 readable (1/0). r6: the ring's abandoned count.
 */
@JCStressTest
@Description("A reader cancelling an expired reservation and the late writer claiming it: exactly one wins, and every reader agrees.")
@Outcome(id = "1, 1, 0, 1, 1, 0", expect = ACCEPTABLE,
    desc = "The writer committed before the reader looked: frame 2 delivered.")
@Outcome(id = "1, 0, 0, 1, 1, 0", expect = ACCEPTABLE,
    desc = "The reader found the slot WRITING by the live writer: no cancel, it waited; the second poll delivered frame 2.")
@Outcome(id = "0, 0, 1, 0, 0, 1", expect = ACCEPTABLE,
    desc = "The reader's CAS to (2, ABANDONED) came first: counted unavailable; the writer saw a counter >= its own and returned NULL.")
@Outcome(id = ".*, -1, .*", expect = FORBIDDEN, desc = "TORN: the cursor delivered words from two frames.")
@Outcome(expect = FORBIDDEN,
    desc = "Anything else: a frame delivered although its write was lost, a committed frame unreadable or given up, both or neither winning.")
@State
public class ExpiredReservationTest {

    private final SlotFixture fixture = new SlotFixture(2);
    private final Ring writer;
    private final Ring reader;
    private final RingCursor cursor;
    private final Capture capture = new Capture();

    public ExpiredReservationTest() {
        final Ring first = fixture.open(1, OwnerLiveness.neverGone());
        SlotFixture.publish(first, 0);
        SlotFixture.publish(first, 1);
        writer = fixture.open(2, OwnerLiveness.neverGone());
        reader = fixture.open(3, OwnerLiveness.neverGone());
        cursor = reader.cursor(StartPosition.LATEST);
        fixture.reserve(1);
        if (cursor.poll(capture, 8) != 0 || cursor.position() != 2) {
            throw new IllegalStateException("fixture: the cursor should wait at position 2: " + cursor);
        }
        fixture.now = 10 * 1000;
    }

    @Actor
    public void lateWriter(final IIIIII_Result r) {
        r.r1 = RingSeams.publishAt(writer, 2, SlotFixture.payload(2)) != NetId64.NULL ? 1 : 0;
    }

    @Actor
    public void reader(final IIIIII_Result r) {
        cursor.poll(capture, 8);
        r.r2 = capture.torn ? SlotFixture.TORN : (int)cursor.delivered();
        r.r3 = (int)cursor.loss().unavailable() + 100 * (int)cursor.loss().overwritten();
    }

    @Arbiter
    public void arbiter(final IIIIII_Result r) {
        cursor.poll(capture, 8);
        r.r4 = (capture.torn ? 1000 : 0) + (int)cursor.delivered() + 100 * (int)(cursor.lag());
        r.r5 = reader.readAt(2).isPresent() ? 1 : 0;
        r.r6 = (int)reader.stats().abandoned();
    }
}
