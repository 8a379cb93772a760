package dev.orbit.stress.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import dev.orbit.internal.ring.OwnerLiveness;
import dev.orbit.ring.Ring;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Writer vs {@code readHead}: capacity 2 holds frames 0 and 1; node 2 publishes frame 2 (into frame 0's slot)
 * while node 3 asks for the newest committed frame. The head counts reservations, so a reserved but
 * uncommitted counter must be skipped, never waited for, and never handed out half written.
 * <p>
 * r1: the writer committed (1). r2: the frame {@code readHead} returned.
 */
@JCStressTest
@Description("readHead returns the newest committed frame whole: frame 1 before frame 2 commits, frame 2 after.")
@Outcome(id = "1, 1", expect = ACCEPTABLE,
    desc = "Head read before the reservation, or counter 2 reserved but not committed (skipped as pending): newest committed is frame 1.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Frame 2 committed before the reader looked at its slot.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "readHead skipped committed frame 1 and returned older frame 0.")
@Outcome(id = "1, -1", expect = FORBIDDEN, desc = "TORN: the reader was handed words from two frames.")
@Outcome(id = "1, -2", expect = FORBIDDEN, desc = "readHead found nothing although frame 1 is committed and never overwritten.")
@Outcome(expect = FORBIDDEN, desc = "Anything else.")
@State
public class HeadReadTest {

    private final Ring writer;
    private final Ring reader;
    private final Capture capture = new Capture();

    public HeadReadTest() {
        final SlotFixture fixture = new SlotFixture(2);
        final Ring first = fixture.open(1, OwnerLiveness.neverGone());
        SlotFixture.publish(first, 0);
        SlotFixture.publish(first, 1);
        writer = fixture.open(2, OwnerLiveness.neverGone());
        reader = fixture.open(3, OwnerLiveness.neverGone());
    }

    @Actor
    public void writer(final II_Result r) {
        r.r1 = SlotFixture.publish(writer, 2) ? 1 : 0;
    }

    @Actor
    public void reader(final II_Result r) {
        r.r2 = reader.readHead(capture) ? capture.last : SlotFixture.NONE;
    }
}
