package dev.orbit.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.time.Duration;

import dev.orbit.contest.Contest;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Claim decision: nodes 1 and 2 claim a free subject at once over one claims table.
 * <p>
 * r1/r2: node 1's and node 2's result: 1 claimed, {@code -n} yielded to node n. r3 (arbiter): the holder a
 * third node sees.
 */
@JCStressTest
@Description("Two claimants of a free subject: exactly one wins, the other yields naming the winner.")
@Outcome(id = "1, -1, 1", expect = ACCEPTABLE,
    desc = "Node 1's CAS from the free word won; node 2 read node 1's word (first read, or after its CAS failed) and yielded to node 1.")
@Outcome(id = "-2, 1, 2", expect = ACCEPTABLE,
    desc = "Node 2's CAS from the free word won; node 1 yielded to node 2.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "DOUBLE HOLDER: both claims won.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: nobody won, a yield named the wrong holder, or the table shows another holder.")
@State
public class ClaimDecisionTest {

    private static final Duration TTL = Duration.ofMinutes(1);

    private final ClaimFixture fixture = new ClaimFixture();
    private final Contest one = fixture.open(1);
    private final Contest two = fixture.open(2);
    private final Contest observer = fixture.open(3);

    @Actor
    public void nodeOne(final III_Result r) {
        r.r1 = ClaimFixture.code(one.tryClaim(ClaimFixture.SUBJECT, "one", TTL));
    }

    @Actor
    public void nodeTwo(final III_Result r) {
        r.r2 = ClaimFixture.code(two.tryClaim(ClaimFixture.SUBJECT, "two", TTL));
    }

    @Arbiter
    public void arbiter(final III_Result r) {
        r.r3 = fixture.lockHolder(observer);
    }
}
