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
 * Re-keying a free bucket vs a claim of its old subject: node 1 claims NEW, which can only be placed by re-keying
 * OLD's free bucket, while node 2 claims OLD in that bucket.
 * <p>
 * r1/r2: node 1's and node 2's result (1 claimed, 0 refused: every bucket holds a live claim). r3 (arbiter):
 * buckets holding NEW x 10 + buckets holding OLD (+100 per bucket left REKEYING).
 */
@JCStressTest
@Description("A bucket re-keyed for a new subject while its free old subject is claimed: one of them gets it, never both.")
@Outcome(id = "1, 0, 10", expect = ACCEPTABLE,
    desc = "Node 1's CAS to REKEYING won: OLD's bucket now holds NEW, claimed; node 2 found OLD gone and no bucket free.")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE,
    desc = "Node 2's claim of OLD won the bucket's lock word; node 1 found no reusable bucket for NEW.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "ONE BUCKET, TWO SUBJECTS: both claims won.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: nobody won, a subject in two buckets, or a bucket left REKEYING.")
@State
public class ReKeyVersusOldClaimTest {

    private final ReKeyFixture fixture = new ReKeyFixture();
    private final Contest one = fixture.open(1);
    private final Contest two = fixture.open(2);

    @Actor
    public void claimNew(final III_Result r) {
        r.r1 = ReKeyFixture.claim(one, ReKeyFixture.NEW);
    }

    @Actor
    public void claimOld(final III_Result r) {
        r.r2 = ReKeyFixture.claim(two, ReKeyFixture.OLD);
    }

    @Arbiter
    public void arbiter(final III_Result r) {
        r.r3 = fixture.placements();
    }
}
