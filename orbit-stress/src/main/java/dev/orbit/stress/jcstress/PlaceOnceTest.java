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
 * Two placements of one subject into a table with free buckets to spare: nodes 1 and 2 claim NEW, never placed,
 * at once.
 * <p>
 * r1/r2: node 1's and node 2's result (1 claimed, {@code -n} yielded to node n). r3 (arbiter): buckets holding
 * NEW x 10 (+100 per bucket left REKEYING).
 */
@JCStressTest
@Description("A subject placed by two nodes at once lands in one bucket with one holder.")
@Outcome(id = "1, -1, 10", expect = ACCEPTABLE, desc = "Node 1 placed and claimed NEW; node 2 then found it placed and yielded.")
@Outcome(id = "-2, 1, 10", expect = ACCEPTABLE, desc = "Node 2 placed and claimed NEW; node 1 yielded.")
@Outcome(id = ".*, .*, 20", expect = FORBIDDEN, desc = "ONE SUBJECT, TWO BUCKETS.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: two holders, nobody won, or a bucket left REKEYING.")
@State
public class PlaceOnceTest {

    private final ReKeyFixture fixture = new ReKeyFixture(8);
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
