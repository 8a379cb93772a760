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
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A late renewal races a takeover: node 3's claim expired 4 ms ago and nobody took it yet. Node 3 renews
 * while node 1 claims.
 * <p>
 * r1: node 3's renewal returned true (1) or false (0). r2: node 1's claim (1 claimed, {@code -3} yielded to
 * node 3). r3 (arbiter): the holder a third node sees. r4: node 3's guard still reports it holds (1/0).
 */
@JCStressTest
@Description("A late renewal and a takeover of the same expired word: exactly one of them wins; the loser learns it.")
@Outcome(id = "1, -3, 3, 1", expect = ACCEPTABLE,
    desc = "The renewal's CAS came first: the claim re-read a word held by node 3 until later and yielded to it.")
@Outcome(id = "0, 1, 1, 0", expect = ACCEPTABLE,
    desc = "The takeover's CAS came first: the renewal found another tenure, returned false and counted the claim lost.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "DOUBLE HOLDER: the renewal and the takeover both won.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: both lost, or the guard disagrees with the table.")
@State
public class RenewVersusTakeoverTest {

    private final ClaimFixture fixture = new ClaimFixture();
    private final Guard guard;
    private final Contest one = fixture.open(1);
    private final Contest observer = fixture.open(2);

    public RenewVersusTakeoverTest() {
        guard = ClaimFixture.claim(fixture.open(3), Duration.ofMillis(1));
        fixture.now = ClaimFixture.T0 + 5;
    }

    @Actor
    public void holder(final IIII_Result r) {
        r.r1 = guard.renew(Duration.ofMinutes(1)) ? 1 : 0;
    }

    @Actor
    public void claimant(final IIII_Result r) {
        r.r2 = ClaimFixture.code(one.tryClaim(ClaimFixture.SUBJECT, "one", Duration.ofMinutes(1)));
    }

    @Arbiter
    public void arbiter(final IIII_Result r) {
        r.r3 = fixture.lockHolder(observer);
        r.r4 = guard.isHeld() ? 1 : 0;
    }
}
