package dev.orbit.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dev.orbit.contest.Contest;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;

import org.junit.jupiter.api.Test;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ChildJvm;

/**
 * A claim holder is stopped with SIGSTOP past its TTL; another process takes the expired claim over; the
 * holder is continued and, believing it still holds, sends its work through the subject's {@code Fence}: its
 * token must be rejected, its guard must know it lost, and its renewal must fail. The two tenures must not
 * overlap in time.
 * <p>
 * Rounds (a fresh subject each, the roles swapping): {@code -Dorbit.stress.fence.rounds} (default 1).
 */
class FenceStallTest {

    private static final Duration START = Duration.ofSeconds(30);
    private static final long TTL_MS = 400;

    private static String holderNode(final ChildJvm holder) {
        return holder.transcript().stream().filter(l -> l.startsWith("READY")).findFirst()
            .map(l -> ChildJvm.fields(l).get("node")).orElseThrow();
    }

    @Test
    void shouldRejectAStalledHoldersFenceTokenAfterItsClaimWasTakenOver() {
        final int rounds = Knobs.integer("orbit.stress.fence.rounds", 1);
        try (ShmScope scope = new ShmScope("fence")) {
            final Fleet observer = Observer.join(scope);
            final Contest contest = observer.contest();
            ChildJvm first = scope.start("holder-a", HolderMain.class, "fleet=" + scope.fleet());
            ChildJvm second = scope.start("holder-b", HolderMain.class, "fleet=" + scope.fleet());
            first.awaitLine("READY", START);
            second.awaitLine("READY", START);
            int rejected = 0;
            int yieldedBeforeExpiry = 0;
            for (int round = 0; round < rounds; round++) {
                final ChildJvm holder = round % 2 == 0 ? first : second;
                final ChildJvm taker = round % 2 == 0 ? second : first;
                final String label = "job-" + round;
                final Subject subject = Subject.of(label);

                holder.send("claim " + label + " " + TTL_MS);
                final Map<String, String> claimed = holder.awaitFields("CLAIMED", START);
                final long oldToken = Long.parseLong(claimed.get("token"));
                final long oldExpires = Long.parseLong(claimed.get("expires"));

                holder.stop();
                Await.until(START, () -> holder.procState() == 'T', "holder stopped");
                assertThat(observer.isGone(Integer.parseInt(holderNode(holder)))).as("a stopped holder is not gone").isFalse();
                taker.send("claim " + label + " 60000");
                Map<String, String> took = ChildJvm.fields(taker.awaitAnyLine(START, "YIELDED", "CLAIMED"));
                if (!took.containsKey("from")) {
                    assertThat(took.get("token")).as("before expiry the stopped holder still holds")
                        .isEqualTo(Long.toString(oldToken));
                    yieldedBeforeExpiry++;
                    Await.until(START, () -> contest.holder(subject).isEmpty(), "claim expired");
                    taker.send("claim " + label + " 60000");
                    took = taker.awaitFields("CLAIMED", START);
                }
                final long newToken = Long.parseLong(took.get("token"));
                assertThat(newToken).as("takeover token").isGreaterThan(oldToken);
                assertThat(Long.parseLong(took.get("from"))).as("tenures do not overlap").isGreaterThanOrEqualTo(oldExpires);
                taker.send("work");
                assertThat(taker.awaitFields("WORK", START))
                    .containsEntry("held", "true").containsEntry("accept", "true").containsEntry("renew", "true");

                holder.cont();
                holder.send("work");
                final Map<String, String> stale = holder.awaitFields("WORK", START);
                assertThat(stale).as("the resumed holder is fenced out")
                    .containsEntry("held", "false").containsEntry("accept", "false").containsEntry("renew", "false")
                    .containsEntry("fence", Long.toString(newToken));
                rejected++;
                assertThat(contest.holder(subject)).hasValueSatisfying(h -> assertThat(h.fenceToken()).isEqualTo(newToken));
                taker.send("release");
                taker.awaitLine("RELEASED", START);
            }
            first.send("stop");
            second.send("stop");
            System.out.println("[fence] rounds=" + rounds + " stalled past TTL=" + rounds + " stale tokens rejected=" +
                rejected + " yielded while the stopped holder's claim was live=" + yieldedBeforeExpiry + " | " + first.awaitLine("STATS", START) + " | " + second.awaitLine("STATS", START));
            assertThat(first.awaitExit(START)).isZero();
            assertThat(second.awaitExit(START)).isZero();
        }
    }
}
