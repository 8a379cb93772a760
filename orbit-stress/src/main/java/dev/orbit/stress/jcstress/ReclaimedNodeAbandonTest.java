package dev.orbit.stress.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIIII_Result;

import dev.orbit.internal.ring.OwnerLiveness;
import dev.orbit.internal.ring.Rings;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.StartPosition;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A new process reclaims node 1 while a reader polls. The previous holder of node 1 died writing counter 2
 * (slot {@code (2, node 1, WRITING)}, half a frame). Node 1 is live again, so liveness cannot tell the dead
 * write from a live one: the reclaimer must first mark node 1's WRITING slots ABANDONED. A cursor at
 * position 2 polls once meanwhile; the arbiter polls again.
 * <p>
 * r1: slots the reclaimer abandoned. r2: frames delivered by the first poll (bit mask, 8 = frame 3).
 * r3: unavailable after the first poll. r4: pending after the first poll. r5: unavailable after the
 * second poll. r6: pending after it. r7: frames delivered in all.
 */
@JCStressTest
@Description("Reclaiming a node id abandons the dead holder's write: readers wait for it or count it unavailable, never deliver it.")
@Outcome(id = "1, 8, 0, 1, 1, 0, 1", expect = ACCEPTABLE,
    desc = "Poll saw (2, node 1, WRITING) with node 1 live -> parked pending; the second poll found it ABANDONED -> unavailable.")
@Outcome(id = "1, 8, 1, 0, 1, 0, 1", expect = ACCEPTABLE,
    desc = "The reclaimer abandoned the slot before the poll read it -> unavailable at once.")
@Outcome(id = ".*, -1, .*", expect = FORBIDDEN, desc = "TORN: the cursor delivered words from two frames.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: the dead holder's half frame 4 delivered, or its position not counted.")
@State
public class ReclaimedNodeAbandonTest {

    private final Ring reclaimer;
    private final RingCursor cursor;
    private final Capture capture = new Capture();

    public ReclaimedNodeAbandonTest() {
        final SlotFixture fixture = new SlotFixture(2);
        final Ring dead = fixture.open(1, OwnerLiveness.neverGone());
        for (int frame = 0; frame < 4; frame++) {
            SlotFixture.publish(dead, frame);
        }
        fixture.dieMidWrite(2, 1, 4);
        reclaimer = fixture.open(1, OwnerLiveness.neverGone());
        cursor = fixture.open(3, OwnerLiveness.neverGone()).cursor(StartPosition.EARLIEST);
    }

    @Actor
    public void reclaimer(final IIIIIII_Result r) {
        r.r1 = Rings.abandonWritesOf(reclaimer, 1);
    }

    @Actor
    public void reader(final IIIIIII_Result r) {
        cursor.poll(capture, 8);
        r.r2 = capture.maskOrTorn();
        r.r3 = (int)cursor.loss().unavailable();
        r.r4 = cursor.pendingCount();
    }

    @Arbiter
    public void arbiter(final IIIIIII_Result r) {
        cursor.poll(capture, 8);
        r.r5 = (int)cursor.loss().unavailable() + 100 * (int)cursor.loss().overwritten();
        r.r6 = cursor.pendingCount();
        r.r7 = capture.torn ? SlotFixture.TORN : (int)cursor.delivered();
    }
}
