package dev.orbit.stress.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

import dev.orbit.internal.ring.OwnerLiveness;
import dev.orbit.internal.ring.SeqWord;
import dev.orbit.ring.Ring;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Two writers lapping one slot. Capacity 2, head at 2. Node 1 publishes frame 2 (one counter); node 2
 * publishes frames 16 and 17 as a batch (two consecutive counters). Whatever the order of the two
 * reservations, counters 2 and 4 both map to slot 0 and belong to different writers, while slot 1 gets
 * counter 3 uncontended:
 * <ul>
 *   <li>A: node 1 reserves first: node 1 = 2, node 2 = 3 (frame 16), 4 (frame 17);</li>
 *   <li>B: node 2 reserves first: node 2 = 2 (frame 16), 3 (frame 17), node 1 = 4.</li>
 * </ul>
 * In slot 0 the earlier counter loses if the later one claimed the slot first (lapped before it started);
 * the later counter loses if the earlier one is still WRITING (a live writer is never taken over); if the
 * earlier one committed first, both commit and the later frame stays.
 * <p>
 * r1: frames node 1 committed. r2: frames node 2 committed. r3/r4: the frame and counter left in slot 0
 * (checked raw after both finished: seq COMMITTED, id, version, kind and every payload word agree).
 * r5: the frame left in slot 1. -1 is a torn slot, -2 a slot not committed.
 */
@JCStressTest
@Description("Two writers lapping one slot: exactly one whole frame stays, a live writer is never taken over, and every loss is a returned NULL.")
@Outcome(id = "1, 1, 2, 2, 16", expect = ACCEPTABLE,
    desc = "A: node 1 claimed slot 0 for counter 2 first; node 2's counter 4 found it WRITING by a live owner: lost as busy.")
@Outcome(id = "1, 2, 17, 4, 16", expect = ACCEPTABLE,
    desc = "A: node 1 committed counter 2 before node 2 looked; node 2's counter 4 overwrote it.")
@Outcome(id = "0, 2, 17, 4, 16", expect = ACCEPTABLE,
    desc = "A: node 2 claimed slot 0 for counter 4 before node 1 looked; node 1's counter 2 was lapped: lost.")
@Outcome(id = "0, 2, 16, 2, 17", expect = ACCEPTABLE,
    desc = "B: node 2 claimed slot 0 for counter 2 first; node 1's counter 4 found it WRITING by a live owner: lost as busy.")
@Outcome(id = "1, 2, 2, 4, 17", expect = ACCEPTABLE,
    desc = "B: node 2 committed counter 2 before node 1 looked; node 1's counter 4 overwrote it.")
@Outcome(id = "1, 1, 2, 4, 17", expect = ACCEPTABLE,
    desc = "B: node 1 claimed slot 0 for counter 4 before node 2 looked; node 2's counter 2 was lapped: lost.")
@Outcome(id = ".*, -1, .*", expect = FORBIDDEN, desc = "TORN slot 0: fields or payload words from two frames.")
@Outcome(id = ".*, -1", expect = FORBIDDEN, desc = "TORN slot 1.")
@Outcome(expect = FORBIDDEN,
    desc = "Anything else: both writes in slot 0 lost, the older counter left over the newer, a slot left uncommitted.")
@State
public class LappingWritersTest {

    private final SlotFixture fixture = new SlotFixture(2);
    private final Ring one;
    private final Ring two;

    public LappingWritersTest() {
        final Ring first = fixture.open(1, OwnerLiveness.neverGone());
        SlotFixture.publish(first, 0);
        SlotFixture.publish(first, 1);
        one = fixture.open(1, OwnerLiveness.neverGone());
        two = fixture.open(2, OwnerLiveness.neverGone());
    }

    @Actor
    public void nodeOne(final IIIII_Result r) {
        r.r1 = SlotFixture.publish(one, 2) ? 1 : 0;
    }

    @Actor
    public void nodeTwo(final IIIII_Result r) {
        r.r2 = SlotFixture.publishPair(two, 16);
    }

    @Arbiter
    public void arbiter(final IIIII_Result r) {
        r.r3 = fixture.committedFrameIn(0);
        r.r4 = (int)SeqWord.counter(fixture.seqWord(0));
        r.r5 = fixture.committedFrameIn(1);
    }
}
