package dev.orbit.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.time.Duration;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Fence;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Takeover of an expired claim: node 3 claimed with a 1 ms TTL and the clock has moved 5 ms on. Nodes 1 and
 * 2 claim at once.
 * <p>
 * r1/r2: node 1's and node 2's result (1 claimed, {@code -n} yielded to node n). r3 (arbiter): 1 when the
 * winner's fence token is greater than node 3's. r4: 1 when a fence that accepted the winner's token then
 * rejects node 3's.
 */
@JCStressTest
@Description("Two claimants take over an expired claim: exactly one wins, with a newer fence token that fences the old holder out.")
@Outcome(id = "1, -1, 1, 1", expect = ACCEPTABLE, desc = "Node 1 took the expired word over; node 2 yielded to node 1.")
@Outcome(id = "-2, 1, 1, 1", expect = ACCEPTABLE, desc = "Node 2 took the expired word over; node 1 yielded to node 2.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "DOUBLE HOLDER: both takeovers won.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: nobody won, or the winner's token does not fence the old holder out.")
@State
public class ExpiredTakeoverTest {

    private static final Duration TTL = Duration.ofMinutes(1);

    private final ClaimFixture fixture = new ClaimFixture();
    private final Contest one = fixture.open(1);
    private final Contest two = fixture.open(2);
    private final long oldToken;
    private ClaimResult resultOne;
    private ClaimResult resultTwo;

    public ExpiredTakeoverTest() {
        oldToken = ClaimFixture.claim(fixture.open(3), Duration.ofMillis(1)).fenceToken();
        fixture.now = ClaimFixture.T0 + 5;
    }

    @Actor
    public void nodeOne(final IIII_Result r) {
        resultOne = one.tryClaim(ClaimFixture.SUBJECT, "one", TTL);
        r.r1 = ClaimFixture.code(resultOne);
    }

    @Actor
    public void nodeTwo(final IIII_Result r) {
        resultTwo = two.tryClaim(ClaimFixture.SUBJECT, "two", TTL);
        r.r2 = ClaimFixture.code(resultTwo);
    }

    @Arbiter
    public void arbiter(final IIII_Result r) {
        final ClaimResult winner = resultOne instanceof Claimed ? resultOne : resultTwo;
        if (!(winner instanceof Claimed claimed)) {
            return;
        }
        final long token = claimed.guard().fenceToken();
        r.r3 = token > oldToken ? 1 : 0;
        final Fence fence = one.fence(ClaimFixture.SUBJECT);
        r.r4 = fence.accept(token) && !fence.accept(oldToken) ? 1 : 0;
    }
}
