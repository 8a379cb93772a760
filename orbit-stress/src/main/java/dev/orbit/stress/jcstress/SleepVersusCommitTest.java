package dev.orbit.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.TimeUnit;

import dev.orbit.internal.ring.OwnerLiveness;
import dev.orbit.internal.ring.QueueWakeTransports;
import dev.orbit.internal.ring.Rings;
import dev.orbit.internal.ring.WakeHub;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.RingDescriptor;
import dev.orbit.ring.StartPosition;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The eventcount's race: a reader of node 3 with nothing to poll goes to sleep on the ring
 * ({@link RingCursor#awaitFrames}: mark the ring, look again, block) while a publisher of node 2 commits frame 0 and
 * reads the sleepers word. Each node has its own {@link WakeHub}, joined by in-memory mailboxes standing in for
 * the wake sockets, so a nudge takes the cross-process path. The safety timeout is 30 s and the pending timeout
 * 60 s: a reader that returns without its frame inside the iteration was woken by the look or by the nudge, never
 * by a timer; one that sleeps to the timeout is a lost wake-up.
 * <p>
 * r1: the publisher committed (1). r2: the sleep ended woken (1) or at the safety timeout (0). r3: frames the
 * reader's poll right after the sleep delivered ({@link SlotFixture#TORN} if torn). r4 (arbiter): nudges the
 * publisher sent, plus 10 when the ring's sleepers word or node 3's bit is left set after the reader woke.
 */
@JCStressTest
@Description("A reader going to sleep on the ring while a frame commits is never left asleep: it sees the frame before blocking, or the publisher sees its mark and nudges it.")
@Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE,
    desc = "No nudge: the reader's look after marking the ring found the frame (or the commit came first) and it removed its mark before the publisher read the sleepers word.")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE,
    desc = "The publisher found the reader's mark after its commit and nudged it: the reader was blocked, about to block, or had already seen the frame.")
@Outcome(id = "1, 0, .*", expect = FORBIDDEN, desc = "LOST WAKE-UP: the reader slept to its safety timeout although the frame committed.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: the frame not delivered after the wake, torn, nudged twice, or a mark left behind.")
@State
public class SleepVersusCommitTest {

    private static final int PUBLISHER = 2;
    private static final int SLEEPER = 3;
    private static final long SAFETY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long PENDING_TIMEOUT_MS = 60_000;

    private final SlotFixture fixture = new SlotFixture(4);
    private final WakeHub publisherHub;
    private final Ring writer;
    private final RingCursor cursor;
    private final Capture capture = new Capture();

    public SleepVersusCommitTest() {
        final QueueWakeTransports transports = new QueueWakeTransports();
        publisherHub = WakeHub.over(PUBLISHER, transports.of(PUBLISHER));
        writer = Rings.over(fixture.buffer, PUBLISHER, OwnerLiveness.neverGone(), () -> 0L, PENDING_TIMEOUT_MS, true);
        Rings.wakeUpsThrough(writer, publisherHub);
        final Ring reader = Rings.over(fixture.buffer, SLEEPER, OwnerLiveness.neverGone(), () -> 0L, PENDING_TIMEOUT_MS, true);
        Rings.wakeUpsThrough(reader, WakeHub.over(SLEEPER, transports.of(SLEEPER)));
        cursor = reader.cursor(StartPosition.LATEST);
    }

    @Actor
    public void publisher(final IIII_Result r) {
        r.r1 = SlotFixture.publish(writer, 0) ? 1 : 0;
    }

    @Actor
    public void sleeper(final IIII_Result r) {
        r.r2 = cursor.awaitFrames(SAFETY_TIMEOUT_NS) ? 1 : 0;
        cursor.poll(capture, 8);
        r.r3 = capture.torn ? SlotFixture.TORN : capture.count;
    }

    @Arbiter
    public void arbiter(final IIII_Result r) {
        final long sleepers = fixture.buffer.getLong(RingDescriptor.SLEEPERS_OFFSET);
        final long bits = fixture.buffer.getLong(RingDescriptor.sleepingNodeWordOffset(SLEEPER)) &
            RingDescriptor.sleepingNodeBit(SLEEPER);
        r.r4 = (int)publisherHub.stats().nudgesSent() + (sleepers != 0 || bits != 0 ? 10 : 0);
    }
}
