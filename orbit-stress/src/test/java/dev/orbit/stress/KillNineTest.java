package dev.orbit.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import dev.orbit.testsupport.ChildJvm;

/**
 * {@code kill -9} of writer processes at random moments (while joining, publishing, or stalled between
 * claiming a slot and committing it) while a validator process checks every frame it accepts. Writers are
 * replaced as they die, so new processes reclaim dead node ids and take over dead writers' slots.
 * <p>
 * Duration: {@code -Dorbit.stress.kill.seconds} (default 4); writers alive: {@code -Dorbit.stress.kill.writers}
 * (default 3).
 */
class KillNineTest {

    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void shouldAcceptNoCorruptFrameAndCountEveryLossWhenWritersAreKilledAtRandom() {
        final Duration duration = Knobs.seconds("orbit.stress.kill.seconds", 4);
        final int alive = Knobs.integer("orbit.stress.kill.writers", 3);
        final SplittableRandom random = new SplittableRandom(Knobs.seed("orbit.stress.kill.seed", System.nanoTime()));
        try (ShmScope scope = new ShmScope("kill")) {
            final ChildJvm validator = scope.start("validator", ValidatorMain.class,
                "fleet=" + scope.fleet(), "type=stress", "out=" + scope.file("delivered"), "pendingMs=300");
            validator.awaitLine("READY", START);

            final List<ChildJvm> writers = new ArrayList<>();
            final Map<ChildJvm, Long> indexOf = new HashMap<>();
            final Set<Long> killed = new HashSet<>();
            long next = 0;
            int killsWhileJoining = 0;
            while (writers.size() < alive) {
                final ChildJvm writer = startWriter(scope, next);
                indexOf.put(writer, next++);
                writers.add(writer);
            }
            for (final ChildJvm writer : writers) {
                writer.awaitPrinted("READY", START);
            }

            final long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                final ChildJvm victim = writers.get(random.nextInt(writers.size()));
                // The kill moment is a random point in the victim's own progress: after it recorded this many
                // publishes (at once when negative, so some kills land while it is still joining).
                awaitPublishes(scope.file("ledger-" + indexOf.get(victim)), random.nextInt(-6_000, 20_000), START);
                if (!victim.printed("READY")) {
                    killsWhileJoining++;
                }
                victim.kill9();
                killed.add(indexOf.get(victim));
                writers.remove(victim);
                final ChildJvm replacement = startWriter(scope, next);
                indexOf.put(replacement, next++);
                writers.add(replacement);
            }

            for (final ChildJvm writer : writers) {
                writer.awaitPrinted("READY", START);
                writer.send("stop");
            }
            for (final ChildJvm writer : writers) {
                writer.awaitLine("DONE", START);
                assertThat(writer.awaitExit(START)).as("writer exit code").isZero();
            }
            validator.send("stop");
            final Map<String, String> report = validator.awaitFields("REPORT", Duration.ofSeconds(60));
            assertThat(validator.awaitExit(START)).isZero();

            final Map<Long, long[]> ledgers = new HashMap<>();
            for (long w = 0; w < next; w++) {
                ledgers.put(w, Ledger.read(scope.file("ledger-" + w)));
            }
            final RingAudit audit = RingAudit.of(report, ValidatorMain.readDelivered(scope.file("delivered")), ledgers, killed);
            System.out.println("[kill -9] seconds=" + duration.toSeconds() + " kills=" + killed.size() +
                " (while joining " + killsWhileJoining + ") writers=" + next + " | " + audit + " | ring " +
                "lostWrites=" + report.get("lostWrites") + " busyWrites=" + report.get("busyWrites") + " abandoned=" +
                report.get("abandoned") + " takeovers=" + report.get("takeovers"));
            assertThat(audit.violations).as(audit.toString()).isEmpty();
            assertThat(killed).isNotEmpty();
            assertThat(audit.delivered).as("frames delivered").isPositive();
        }
    }

    private static ChildJvm startWriter(final ShmScope scope, final long index) {
        return scope.start("writer-" + index, WriterMain.class,
            "fleet=" + scope.fleet(), "writer=" + index, "ledger=" + scope.file("ledger-" + index), "type=stress",
            "pendingMs=300", "burst=16", "pauseMicros=200", "midWriteEvery=32", "midWriteMicros=1000");
    }

    /**
     * Polls a writer's ledger until it recorded {@code target} publishes, or the deadline passes (a writer that
     * stalls is then killed where it stands).
     */
    static void awaitPublishes(final java.nio.file.Path ledger, final long target, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (Ledger.count(ledger) < target && System.nanoTime() - deadline < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }
}
