package dev.orbit.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.orbit.fleet.Fleet;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingStats;

import org.junit.jupiter.api.Test;
import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ChildJvm;

/**
 * SIGSTOP of a writer for longer than a full lap of a 256-slot ring while two other writers continue, then
 * SIGCONT. The first round stops the writer in the middle of a write (it holds its slot WRITING): a stopped
 * process is live, so nobody may take its slot over; the others lose the writes that land on it (counted as
 * busy) and no reader may ever accept a mixed frame when it finally commits. Later rounds stop it at a random
 * moment.
 * <p>
 * Stall: {@code -Dorbit.stress.stall.seconds} (default 1.5); rounds: {@code -Dorbit.stress.stall.rounds}
 * (default 1).
 */
class StallTest {

    private static final Duration START = Duration.ofSeconds(30);
    private static final int HOLD_AT = 3000;

    @Test
    void shouldNeverTakeOverOrMixAStoppedWritersSlotWhileOthersLapTheRing() {
        final Duration stall = Knobs.seconds("orbit.stress.stall.seconds", 1.5);
        final int rounds = Knobs.integer("orbit.stress.stall.rounds", 1);
        final SplittableRandom random = new SplittableRandom();
        try (ShmScope scope = new ShmScope("stall")) {
            final ChildJvm validator = scope.start("validator", ValidatorMain.class,
                "fleet=" + scope.fleet(), "type=lap", "out=" + scope.file("delivered"), "pendingMs=300");
            validator.awaitLine("READY", START);
            final Fleet observer = Observer.join(scope);
            final Ring ring = observer.ring(LapFrame.class);

            final ChildJvm stalled = writer(scope, 0, "holdAt=" + HOLD_AT);
            final ChildJvm other1 = writer(scope, 1);
            final ChildJvm other2 = writer(scope, 2);
            final int stalledNode = Integer.parseInt(ChildJvm.fields(stalled.awaitLine("READY", START)).get("node"));
            other1.awaitLine("READY", START);
            other2.awaitLine("READY", START);

            long totalStallMs = 0;
            long busyDuringStalls = 0;
            long lapsDuringStalls = 0;
            for (int round = 0; round < rounds; round++) {
                if (round == 0) {
                    stalled.awaitLine("MIDWRITE", START);
                }
                else {
                    final long progress = ring.head() + 1 + random.nextInt(4 * ring.capacity());
                    Await.until(START, () -> ring.head() >= progress, "writers reach a random point");
                }
                final RingStats before = ring.stats();
                final long stoppedAt = System.nanoTime();
                stalled.stop();
                Await.until(START, () -> stalled.procState() == 'T', "writer 0 in state T");

                final long lapTarget = before.head() + 4L * ring.capacity();
                Pauses.deliberate(stall);
                Await.until(START, () -> ring.head() >= lapTarget, "others lap the ring 4 times");
                assertThat(observer.isGone(stalledNode)).as("a stopped process is not gone").isFalse();
                assertThat(stalled.procState()).isEqualTo('T');
                final RingStats during = ring.stats();
                stalled.cont();
                totalStallMs += (System.nanoTime() - stoppedAt) / 1_000_000;
                lapsDuringStalls += (during.head() - before.head()) / ring.capacity();
                busyDuringStalls += during.busyWrites() - before.busyWrites();
                if (round == 0) {
                    assertThat(during.takeovers()).as("a live writer's slot is never taken over").isEqualTo(before.takeovers());
                    assertThat(during.busyWrites() - before.busyWrites())
                        .as("writes landing on the stopped writer's slot are lost as busy").isPositive();
                    stalled.send("release");
                }
            }
            final long headAfter = ring.head();
            Await.until(START, () -> ring.head() > headAfter + 1000, "all writers publish after the stall");

            for (final ChildJvm writer : List.of(stalled, other1, other2)) {
                writer.send("stop");
            }
            for (final ChildJvm writer : List.of(stalled, other1, other2)) {
                writer.awaitLine("DONE", START);
                assertThat(writer.awaitExit(START)).isZero();
            }
            validator.send("stop");
            final Map<String, String> report = validator.awaitFields("REPORT", Duration.ofSeconds(60));
            final Map<Long, long[]> ledgers = new HashMap<>();
            for (long w = 0; w < 3; w++) {
                ledgers.put(w, Ledger.read(scope.file("ledger-" + w)));
            }
            final Map<Long, Long> accepted = ValidatorMain.readDelivered(scope.file("delivered"));
            final RingAudit audit = RingAudit.of(report, accepted, ledgers, Set.of());
            final long heldId = ledgers.get(0L)[HOLD_AT];
            System.out.println("[SIGSTOP] rounds=" + rounds + " stalled ms=" + totalStallMs + " laps during stalls=" +
                lapsDuringStalls + " busy writes during stalls=" + busyDuringStalls + " held write committed=" +
                (heldId != Ledger.LOST) + " held frame delivered=" + accepted.containsKey((long)HOLD_AT) + " | " + audit +
                " | ring busyWrites=" + report.get("busyWrites") + " takeovers=" + report.get("takeovers"));
            assertThat(audit.violations).as(audit.toString()).isEmpty();
            assertThat(audit.inFlightReserved).isZero();
            assertThat(Long.parseLong(report.get("takeovers"))).as("no takeover of a live writer").isZero();
        }
    }

    private static ChildJvm writer(final ShmScope scope, final long index, final String... extra) {
        final List<String> args = new java.util.ArrayList<>(List.of("fleet=" + scope.fleet(), "writer=" + index,
            "ledger=" + scope.file("ledger-" + index), "type=lap", "pendingMs=300", "burst=16", "pauseMicros=200"));
        args.addAll(List.of(extra));
        return scope.start("writer-" + index, WriterMain.class, args.toArray(new String[0]));
    }
}
