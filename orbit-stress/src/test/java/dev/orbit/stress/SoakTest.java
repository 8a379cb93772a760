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
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import dev.orbit.testsupport.ChildJvm;

/**
 * Soak: a mixed workload across real processes for a configurable time. Workers ({@link SoakWorkerMain})
 * publish frames, use a shared cache, publish and read events and take short claims; every second or two one
 * of them leaves (cleanly, or by {@code kill -9}) and a new one joins, reclaiming node ids. A validator process
 * checks every frame. At the end the test checks the invariants and prints the figures:
 * <ul>
 *   <li>frames: no corrupt or duplicate frame, loss explained exactly ({@link RingAudit});</li>
 *   <li>cache: no torn value, no value of another key;</li>
 *   <li>events: no torn or duplicate event; for each worker alive at the end (drained after every writer went
 *   quiet), received + lost = positions passed;</li>
 *   <li>claims: no two tenures of a subject overlap in time (a tenure ends at its release, its expiry, or the
 *   kill of its holder), and fence tokens grow with time.</li>
 * </ul>
 * Duration: {@code -Dorbit.stress.soak.seconds} (default 30); workers alive: {@code -Dorbit.stress.soak.workers}
 * (default 3).
 */
class SoakTest {

    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void shouldKeepEveryInvariantUnderAMixedWorkloadWithProcessesJoiningAndLeaving() {
        final Duration duration = Knobs.seconds("orbit.stress.soak.seconds", 30);
        final int alive = Knobs.integer("orbit.stress.soak.workers", 3);
        final SplittableRandom random = new SplittableRandom(Knobs.seed("orbit.stress.soak.seed", System.nanoTime()));
        try (ShmScope scope = new ShmScope("soak")) {
            final ChildJvm validator = scope.start("validator", ValidatorMain.class,
                "fleet=" + scope.fleet(), "type=stress", "out=" + scope.file("delivered"), "pendingMs=500");
            validator.awaitLine("READY", START);

            final List<ChildJvm> workers = new ArrayList<>();
            final List<ChildJvm> all = new ArrayList<>();
            final Map<ChildJvm, Long> killedAt = new HashMap<>();
            final Set<Long> killedIndices = new HashSet<>();
            final Map<ChildJvm, Long> indexOf = new HashMap<>();
            final List<ChildJvm> left = new ArrayList<>();
            long next = 0;
            for (int i = 0; i < alive; i++) {
                final ChildJvm worker = startWorker(scope, next, random);
                indexOf.put(worker, next++);
                workers.add(worker);
                all.add(worker);
            }
            for (final ChildJvm worker : workers) {
                worker.awaitPrinted("READY", START);
            }

            final long started = System.nanoTime();
            final long end = started + duration.toNanos();
            int kills = 0;
            int leaves = 0;
            while (System.nanoTime() < end) {
                Pauses.deliberate(Duration.ofMillis(Math.min(1000 + random.nextInt(2000),
                    Math.max(0, (end - System.nanoTime()) / 1_000_000))));
                if (System.nanoTime() >= end) {
                    break;
                }
                final ChildJvm leaving = workers.get(random.nextInt(workers.size()));
                if (!leaving.printed("READY")) {
                    continue;
                }
                workers.remove(leaving);
                if (random.nextBoolean()) {
                    killedAt.put(leaving, System.currentTimeMillis());
                    leaving.kill9();
                    killedIndices.add(indexOf.get(leaving));
                    kills++;
                }
                else {
                    leaving.send("stop");
                    leaving.awaitLine("DONE", START);
                    assertThat(leaving.awaitExit(START)).isZero();
                    left.add(leaving);
                    leaves++;
                }
                final ChildJvm joining = startWorker(scope, next, random);
                indexOf.put(joining, next++);
                workers.add(joining);
                all.add(joining);
            }
            for (final ChildJvm worker : workers) {
                worker.awaitPrinted("READY", START);
                worker.send("quiet");
            }
            for (final ChildJvm worker : workers) {
                worker.awaitLine("QUIET", START);
            }
            for (final ChildJvm worker : workers) {
                worker.send("stop");
            }
            final List<ChildJvm> quiet = new ArrayList<>(workers);
            for (final ChildJvm worker : workers) {
                worker.awaitLine("DONE", START);
                assertThat(worker.awaitExit(START)).isZero();
                left.add(worker);
            }
            final long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            validator.send("stop");
            final Map<String, String> report = validator.awaitFields("REPORT", Duration.ofSeconds(60));

            final Map<Long, long[]> ledgers = new HashMap<>();
            for (long w = 0; w < next; w++) {
                ledgers.put(w, Ledger.read(scope.file("ledger-" + w)));
            }
            final RingAudit frames = RingAudit.of(report, ValidatorMain.readDelivered(scope.file("delivered")), ledgers,
                killedIndices);

            final Map<String, Long> totals = new TreeMap<>();
            for (final ChildJvm worker : all) {
                String last = null;
                for (final String line : worker.transcript()) {
                    if (line.startsWith("STATS ")) {
                        last = line;
                    }
                    assertThat(line).as("worker %s reported an error", worker.name())
                        .doesNotStartWith("CACHE-ERROR").doesNotStartWith("EVENT-ERROR").doesNotStartWith("EVENT-DUPLICATE");
                }
                if (last != null) {
                    ChildJvm.fields(last).forEach((k, v) -> totals.merge(k, Long.parseLong(v), Long::sum));
                }
            }
            long eventsPassed = 0;
            long eventsReceived = 0;
            long eventsLost = 0;
            for (final ChildJvm worker : quiet) {
                final Map<String, String> done = ChildJvm.fields(worker.transcript().stream()
                    .filter(l -> l.startsWith("DONE")).findFirst().orElseThrow());
                final long passed = Long.parseLong(done.get("eventsPassed"));
                final long received = Long.parseLong(done.get("eventsReceived"));
                final long lost = Long.parseLong(done.get("eventLoss"));
                assertThat(received + lost).as("events received + lost = passed for %s", worker.name()).isEqualTo(passed);
                assertThat(done.get("lag")).isEqualTo("0");
                eventsPassed += passed;
                eventsReceived += received;
                eventsLost += lost;
            }
            final Tenures tenures = Tenures.of(all, killedAt);

            System.out.println("[soak] seconds=" + seconds + " workers started=" + next + " kills=" + kills +
                " clean leaves=" + leaves + "\n  frames: " + frames + " | ring lostWrites=" + report.get("lostWrites") +
                " busyWrites=" + report.get("busyWrites") + " takeovers=" + report.get("takeovers") +
                "\n  cache: puts=" + totals.get("cachePuts") + " lostWrites=" + totals.get("cacheLostWrites") + " hits=" +
                totals.get("cacheHits") + " misses=" + totals.get("cacheMisses") + " deletes=" + totals.get("cacheDeletes") +
                " resets=" + totals.get("cacheResets") + " errors=" + totals.get("cacheErrors") +
                "\n  events: published=" + totals.get("eventsPublished") + " lostWrites=" + totals.get("eventsLostWrites") +
                " passed (last workers, after all went quiet)=" + eventsPassed + " received=" + eventsReceived + " lost=" + eventsLost +
                " errors=" + totals.get("eventErrors") +
                "\n  claims: " + tenures + " yielded=" + totals.get("claimsYielded") + " fenceRejections=" +
                totals.get("fenceRejections"));

            assertThat(frames.violations).as(frames.toString()).isEmpty();
            assertThat(totals.get("cacheErrors")).isZero();
            assertThat(totals.get("eventErrors")).isZero();
            assertThat(tenures.overlaps).as("overlapping tenures (double holders)").isEmpty();
            assertThat(tenures.tokenInversions).as("fence tokens out of time order").isEmpty();
            assertThat(tenures.count).as("claims taken").isPositive();
        }
    }

    private static ChildJvm startWorker(final ShmScope scope, final long index, final SplittableRandom random) {
        return scope.start("worker-" + index, SoakWorkerMain.class, "fleet=" + scope.fleet(),
            "worker=" + index, "ledger=" + scope.file("ledger-" + index), "seed=" + random.nextLong(), "pendingMs=500");
    }

    /**
     * Every tenure the workers printed, per subject, as {@code [from, end]}: {@code from} is read after the claim
     * returned (no earlier than the winning CAS) and {@code end} is the earliest of the time read before the
     * release, the claim's expiry and the moment the test sent the kill: no later than the real end. So two
     * real tenures that overlap show as overlapping here.
     */
    static final class Tenures {
        int count;
        final List<String> overlaps = new ArrayList<>();
        final List<String> tokenInversions = new ArrayList<>();

        static Tenures of(final List<ChildJvm> workers, final Map<ChildJvm, Long> killedAt) {
            final Map<String, TreeMap<Long, long[]>> bySubject = new HashMap<>();
            for (final ChildJvm worker : workers) {
                final Map<Long, long[]> open = new HashMap<>();
                for (final String line : worker.transcript()) {
                    if (line.startsWith("CLAIM ")) {
                        final Map<String, String> f = ChildJvm.fields(line);
                        final long token = Long.parseLong(f.get("token"));
                        final long[] tenure = {Long.parseLong(f.get("from")), Long.parseLong(f.get("expires")), token};
                        open.put(token, tenure);
                        final long killed = killedAt.getOrDefault(worker, Long.MAX_VALUE);
                        tenure[1] = Math.min(tenure[1], killed);
                        bySubject.computeIfAbsent(f.get("subject"), s -> new TreeMap<>()).put(token, tenure);
                    }
                    else if (line.startsWith("RELEASE ")) {
                        final Map<String, String> f = ChildJvm.fields(line);
                        final long[] tenure = open.get(Long.parseLong(f.get("token")));
                        tenure[1] = Math.min(tenure[1], Long.parseLong(f.get("to")));
                    }
                }
            }
            final Tenures tenures = new Tenures();
            for (final Map.Entry<String, TreeMap<Long, long[]>> subject : bySubject.entrySet()) {
                long[] previous = null;
                for (final long[] tenure : subject.getValue().values()) {
                    tenures.count++;
                    if (previous != null) {
                        if (tenure[0] < previous[1]) {
                            tenures.overlaps.add(subject.getKey() + ": token " + tenure[2] + " from " + tenure[0] +
                                " before token " + previous[2] + " ended at " + previous[1]);
                        }
                        if (tenure[0] < previous[0]) {
                            tenures.tokenInversions.add(subject.getKey() + ": token " + tenure[2] + " began before token " +
                                previous[2]);
                        }
                    }
                    previous = tenure;
                }
            }
            return tenures;
        }

        @Override
        public String toString() {
            return "tenures=" + count + " overlaps=" + overlaps.size() + " tokenInversions=" + tokenInversions.size();
        }
    }
}
