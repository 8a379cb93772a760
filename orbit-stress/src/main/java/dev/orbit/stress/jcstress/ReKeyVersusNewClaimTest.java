package dev.orbit.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.orbit.contest.Contest;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Re-keying a free bucket vs a claim of its new subject: nodes 1 and 2 both claim NEW, which can only be placed
 * by re-keying OLD's free bucket; one re-keys it while the other looks for NEW, finds it absent, placed or being
 * placed.
 * <p>
 * r1/r2: node 1's and node 2's result (1 claimed, {@code -n} yielded to node n, 0 refused: no bucket free).
 * r3 (arbiter): buckets holding NEW x 10 + buckets holding OLD (+100 per bucket left REKEYING).
 */
@JCStressTest
@Description("Two claims of a new subject that only a re-keying can place: one places and holds it, the other yields to it.")
@Outcome(id = "1, -1, 10", expect = ACCEPTABLE,
    desc = "Node 1 re-keyed OLD's bucket and claimed NEW; node 2 found NEW placed (after waiting on the home lock, or on a later look) and yielded.")
@Outcome(id = "-2, 1, 10", expect = ACCEPTABLE, desc = "Node 2 re-keyed the bucket and claimed NEW; node 1 yielded to it.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "DOUBLE HOLDER of NEW.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: a refusal while NEW was placed, NEW in two buckets, OLD still placed, or a bucket left REKEYING.")
@State
public class ReKeyVersusNewClaimTest {

    private final ReKeyFixture fixture = new ReKeyFixture();
    private final Contest one = fixture.open(1);
    private final Contest two = fixture.open(2);

    @Actor
    public void nodeOne(final III_Result r) {
        r.r1 = ReKeyFixture.claim(one, ReKeyFixture.NEW);
    }

    @Actor
    public void nodeTwo(final III_Result r) {
        r.r2 = ReKeyFixture.claim(two, ReKeyFixture.NEW);
    }

    @Arbiter
    public void arbiter(final III_Result r) {
        r.r3 = fixture.placements();
    }
}
