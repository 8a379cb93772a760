package dev.orbit.stress.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import dev.orbit.internal.ring.OwnerLiveness;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.StartPosition;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Writer vs cursor: a cursor opened at the head (position 2) polls once while node 2 publishes frame 2. The
 * cursor never blocks: a poll that finds the newest reservation uncommitted returns and leaves the cursor there
 * (older uncommitted positions are parked as pending instead), and a later poll delivers the frame.
 * <p>
 * r1: the writer committed (1). r2: the actor's poll: 0 nothing delivered, n positions parked as pending
 * (never expected), 2 delivered frame 2, -1 torn. r3 (arbiter, after a second poll): frames delivered in all. r4: loss plus
 * positions still pending after the second poll.
 */
@JCStressTest
@Description("A cursor polling a position being written returns without it and delivers it whole later; nothing is lost.")
@Outcome(id = "1, 0, 1, 0", expect = ACCEPTABLE,
    desc = "Poll delivered nothing: it read the head before the reservation, or found counter 2 reserved but not committed and waited there (the newest reservation is waited at, not parked); the second poll delivered frame 2.")
@Outcome(id = "1, 2, 1, 0", expect = ACCEPTABLE, desc = "Frame 2 committed before the poll read its slot: delivered at once.")
@Outcome(id = "1, -1, .*", expect = FORBIDDEN, desc = "TORN: the cursor delivered words from two frames.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: a frame lost, delivered twice, or left pending after it committed.")
@State
public class CursorPendingTest {

    private final Ring writer;
    private final RingCursor cursor;
    private final Capture capture = new Capture();

    public CursorPendingTest() {
        final SlotFixture fixture = new SlotFixture(2);
        final Ring first = fixture.open(1, OwnerLiveness.neverGone());
        SlotFixture.publish(first, 0);
        SlotFixture.publish(first, 1);
        writer = fixture.open(2, OwnerLiveness.neverGone());
        cursor = fixture.open(3, OwnerLiveness.neverGone()).cursor(StartPosition.LATEST);
    }

    @Actor
    public void writer(final IIII_Result r) {
        r.r1 = SlotFixture.publish(writer, 2) ? 1 : 0;
    }

    @Actor
    public void reader(final IIII_Result r) {
        cursor.poll(capture, 8);
        if (capture.torn) {
            r.r2 = SlotFixture.TORN;
        }
        else if (capture.count == 1 && capture.last == 2) {
            r.r2 = 2;
        }
        else if (capture.count == 0) {
            r.r2 = cursor.pendingCount();
        }
        else {
            r.r2 = 100 + capture.count;
        }
    }

    @Arbiter
    public void arbiter(final IIII_Result r) {
        cursor.poll(capture, 8);
        r.r3 = capture.torn ? SlotFixture.TORN : (int)cursor.delivered();
        r.r4 = (int)cursor.loss().total() + cursor.pendingCount() + (capture.mask == 1 << 2 ? 0 : 1000);
    }
}
