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
 * Writer vs reader on one slot: capacity 2 holds frames 0 and 1 (node 1); node 2 publishes frame 2, which
 * lands in frame 0's slot, while node 3 reads frame 0 by its id.
 * <p>
 * r1: the writer committed (1) or lost (0). r2: the frame the reader was handed, {@code -2} for none,
 * {@code -1} for a frame whose words were not all from one seed.
 */
@JCStressTest
@Description("A reader of frame 0 races a writer overwriting frame 0's slot: it gets frame 0 whole or nothing.")
@Outcome(id = "1, 0", expect = ACCEPTABLE,
    desc = "Reader copied frame 0 and its re-check of the seq word still saw (0, COMMITTED): the writer had not yet claimed the slot.")
@Outcome(id = "1, -2", expect = ACCEPTABLE,
    desc = "Frame 0 was overwritten: the head had passed its window, or the seq word held counter 2 (first read or re-check).")
@Outcome(id = "1, -1", expect = FORBIDDEN, desc = "TORN: the reader was handed words from two frames.")
@Outcome(id = "1, 2", expect = FORBIDDEN, desc = "read(id of frame 0) handed out frame 2.")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "The only writer lost its write.")
@Outcome(expect = FORBIDDEN, desc = "Anything else.")
@State
public class OverwriteVersusReadTest {

    private final Ring writer;
    private final Ring reader;
    private final Capture capture = new Capture();
    private final long frame0;

    public OverwriteVersusReadTest() {
        final SlotFixture fixture = new SlotFixture(2);
        final Ring first = fixture.open(1, OwnerLiveness.neverGone());
        frame0 = first.publish(0, SlotFixture.version(0), SlotFixture.payload(0));
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
        r.r2 = reader.read(frame0, capture) ? capture.last : SlotFixture.NONE;
    }
}
