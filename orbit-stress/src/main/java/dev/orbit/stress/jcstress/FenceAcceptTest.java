package dev.orbit.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.orbit.contest.Fence;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Fence high-water mark: two processes pass tokens 5 (an older tenure) and 7 (a newer one) through the same
 * subject's fence at once; the fence already accepted 3.
 * <p>
 * r1/r2: accept(5) and accept(7) (1 accepted, 0 rejected). r3 (arbiter): the fence's current token.
 */
@JCStressTest
@Description("A fence never goes backwards: the newer token is always accepted, the older only if it came first.")
@Outcome(id = "1, 1, 7", expect = ACCEPTABLE, desc = "Token 5 raised the mark first, then token 7 raised it again.")
@Outcome(id = "0, 1, 7", expect = ACCEPTABLE, desc = "Token 7 raised the mark first; the older token 5 was rejected.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: the newer token rejected, or the mark left below 7.")
@State
public class FenceAcceptTest {

    private final ClaimFixture fixture = new ClaimFixture();
    private final Fence older = fixture.open(1).fence(ClaimFixture.SUBJECT);
    private final Fence newer = fixture.open(2).fence(ClaimFixture.SUBJECT);

    public FenceAcceptTest() {
        older.accept(3);
    }

    @Actor
    public void olderTenure(final III_Result r) {
        r.r1 = older.accept(5) ? 1 : 0;
    }

    @Actor
    public void newerTenure(final III_Result r) {
        r.r2 = newer.accept(7) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(final III_Result r) {
        r.r3 = (int)older.current();
    }
}
