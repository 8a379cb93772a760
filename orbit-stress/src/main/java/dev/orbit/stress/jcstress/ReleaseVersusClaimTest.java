package dev.orbit.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.time.Duration;

import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Release vs claim: node 3 holds the subject (unexpired) and releases it while node 1 claims.
 * <p>
 * r1: node 1's claim (1 claimed, {@code -3} yielded to node 3). r2 (arbiter): the holder a third node sees,
 * 0 for none. r3: node 3's guard still reports it holds (1/0).
 */
@JCStressTest
@Description("A release and a claim: the claim wins only after the release; otherwise it yields to the holder, and the subject ends free.")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "The release came first; node 1 claimed the free word.")
@Outcome(id = "-3, 0, 0", expect = ACCEPTABLE, desc = "Node 1 read node 3's word before the release and yielded; the release left the subject free.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: node 1 holding while node 3 still holds, or a release that did not free the word.")
@State
public class ReleaseVersusClaimTest {

    private final ClaimFixture fixture = new ClaimFixture();
    private final Guard guard;
    private final Contest one = fixture.open(1);
    private final Contest observer = fixture.open(2);

    public ReleaseVersusClaimTest() {
        guard = ClaimFixture.claim(fixture.open(3), Duration.ofMinutes(1));
    }

    @Actor
    public void holder() {
        guard.close();
    }

    @Actor
    public void claimant(final III_Result r) {
        r.r1 = ClaimFixture.code(one.tryClaim(ClaimFixture.SUBJECT, "one", Duration.ofMinutes(1)));
    }

    @Arbiter
    public void arbiter(final III_Result r) {
        r.r2 = fixture.lockHolder(observer);
        r.r3 = guard.isHeld() ? 1 : 0;
    }
}
