package dev.orbit.stress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Fleet;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.StartPosition;

/**
 * A soak worker: one process doing everything a sibling does, in a loop, checking all it reads.
 * <ul>
 *   <li>frames: self-checking frames on {@link StressFrame} with a {@link Ledger} (the validator process checks them);</li>
 *   <li>cache: puts, gets, deletes and prefix resets on a shared cache; every value read must be whole and belong
 *   to its key (its seed carries the key's hash);</li>
 *   <li>events: publishes on three topics and reads every topic through one subscription: every event whole, none
 *   twice, and at the end received + lost = positions passed;</li>
 *   <li>claims: short claims on four subjects, printed as {@code CLAIM}/{@code RELEASE} lines for the test's
 *   overlap check, work passed through the subject's fence.</li>
 * </ul>
 * Arguments: {@code fleet= worker= ledger= seed=}. Prints {@code READY}, {@code STATS ...} every second and at
 * the end. On {@code quiet} it stops writing (only reads events); on {@code stop} it drains its subscription and
 * prints {@code DONE}, whose event figures are exact only after every worker went quiet ({@code quiet=true}).
 */
public final class SoakWorkerMain {

    static final String CACHE = "soak";
    static final RingSpec CACHE_SPEC = RingSpec.of(2048, 256);
    private static final int VALUE = 48;
    private static final int KEYS = 64;
    private static final int SUBJECTS = 4;
    private static final long SEQ_MASK = (1L << 40) - 1;

    private SoakWorkerMain() {
    }

    public static void main(final String[] argv) {
        final ChildSupport child = new ChildSupport(argv);
        final long worker = child.number("worker", 0);
        final SplittableRandom random = new SplittableRandom(child.number("seed", worker));
        final Stats stats = new Stats();
        try (Fleet fleet = child.join("soak-" + worker);
             Ledger ledger = Ledger.create(Path.of(child.get("ledger")), 4_000_000)) {
            final Ring frames = fleet.ring(StressFrame.class);
            final OrbitCache cache = fleet.cache(CACHE, CACHE_SPEC);
            final OrbitEventBus bus = fleet.events();
            final Ring eventRing = fleet.rings().stream().filter(r -> r.kind() == Kinds.EVENTS).findFirst().orElseThrow();
            final Subscription subscription = bus.subscribe(StartPosition.LATEST);
            final long eventStart = startPosition(eventRing, subscription);
            final Contest contest = fleet.contest();
            final EventCheck events = new EventCheck(stats);
            ChildSupport.say("READY node=" + fleet.nodeId() + " pid=" + ProcessHandle.current().pid());

            final ByteBuffer payload = ByteBuffer.allocateDirect(StressFrame.PAYLOAD).order(ByteOrder.LITTLE_ENDIAN);
            long eventSeq = 0;
            long cacheSeq = 0;
            long nextStats = System.nanoTime();
            boolean quiet = false;
            while (true) {
                final String command = child.command();
                if ("stop".equals(command)) {
                    break;
                }
                if ("quiet".equals(command)) {
                    quiet = true;
                    ChildSupport.say("QUIET");
                }
                if (quiet) {
                    subscription.poll(events, 1024);
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                for (int i = 0; i < 8 && ledger.hasRoom(); i++) {
                    final long seed = worker << 40 | ledger.count();
                    Payloads.fill(payload, 0, seed, StressFrame.PAYLOAD);
                    final long id = frames.publish(Payloads.frameKindOf(seed), seed, payload, 0, StressFrame.PAYLOAD);
                    ledger.record(id == NetId64.NULL ? Ledger.LOST : id);
                    stats.frames++;
                }

                final int key = random.nextInt(KEYS);
                final byte[] keyBytes = ("k" + key).getBytes(StandardCharsets.UTF_8);
                final int op = random.nextInt(100);
                if (op < 45) {
                    final long seed = (long)key << 48 | worker << 32 | (cacheSeq++ & 0xFFFF_FFFFL);
                    if (cache.put(keyBytes, Payloads.of(seed, VALUE), random.nextInt(4) == 0 ? Duration.ofMillis(200) : Duration.ZERO)) {
                        stats.cachePuts++;
                    }
                    else {
                        stats.cacheLostWrites++;
                    }
                }
                else if (op < 95) {
                    final Optional<byte[]> value = cache.get(keyBytes);
                    if (value.isEmpty()) {
                        stats.cacheMisses++;
                    }
                    else {
                        final long seed = Payloads.check(value.get());
                        if (seed == Payloads.TORN || value.get().length != VALUE || seed >>> 48 != key) {
                            stats.cacheErrors++;
                            ChildSupport.say("CACHE-ERROR key=" + key + " length=" + value.get().length + " seed=" + seed);
                        }
                        else {
                            stats.cacheHits++;
                        }
                    }
                }
                else if (op < 99) {
                    cache.delete(keyBytes);
                    stats.cacheDeletes++;
                }
                else {
                    cache.resetPrefix(("k" + random.nextInt(10)).getBytes(StandardCharsets.UTF_8));
                    stats.cacheResets++;
                }

                if (random.nextInt(4) == 0) {
                    final long seed = worker << 40 | eventSeq++;
                    if (bus.publish("topic-" + random.nextInt(3), Payloads.of(seed, 32)) != NetId64.NULL) {
                        stats.eventsPublished++;
                    }
                    else {
                        stats.eventsLostWrites++;
                    }
                }
                subscription.poll(events, 256);

                if (random.nextInt(20) == 0) {
                    claim(contest, fleet.nodeId(), Subject.of("soak-" + random.nextInt(SUBJECTS)), random, stats);
                }

                if (System.nanoTime() - nextStats > 0) {
                    nextStats = System.nanoTime() + 1_000_000_000L;
                    stats.eventLoss = subscription.loss().total();
                    ChildSupport.say("STATS " + stats);
                }
                LockSupport.parkNanos(100_000);
            }

            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (quiet && subscription.lag() > 0 && System.nanoTime() < deadline) {
                if (subscription.poll(events, 1024) == 0) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
            final long passed = eventRing.head() - eventStart;
            stats.eventLoss = subscription.loss().total();
            ChildSupport.say("STATS " + stats);
            ChildSupport.say("DONE quiet=" + quiet + " eventsPassed=" + passed + " eventsReceived=" + subscription.received() + " eventLoss=" +
                stats.eventLoss + " lag=" + subscription.lag() + " frames=" + ledger.count() + " contest=" + contest.stats() +
                " cache=" + cache.stats());
        }
        System.exit(0);
    }

    /** The subscription's position: the head minus its lag, read until the head holds still around it. */
    private static long startPosition(final Ring ring, final Subscription subscription) {
        while (true) {
            final long before = ring.head();
            final long lag = subscription.lag();
            if (ring.head() == before) {
                return before - lag;
            }
        }
    }

    private static void claim(
        final Contest contest, final int node, final Subject subject, final SplittableRandom random, final Stats stats) {
        final long ttlMs = 50 + random.nextInt(150);
        final ClaimResult result = contest.tryClaim(subject, "soak-" + node, Duration.ofMillis(ttlMs));
        final long from = System.currentTimeMillis();
        if (!(result instanceof Claimed claimed)) {
            stats.claimsYielded++;
            return;
        }
        final Guard guard = claimed.guard();
        stats.claims++;
        ChildSupport.say("CLAIM subject=" + subject.label() + " token=" + guard.fenceToken() + " node=" + node + " from=" +
            from + " expires=" + guard.expiresAtMs());
        final long holdUntil = System.nanoTime() + random.nextInt(20) * 1_000_000L;
        boolean accepted = true;
        while (System.nanoTime() < holdUntil) {
            accepted &= contest.fence(subject).accept(guard.fenceToken());
            LockSupport.parkNanos(1_000_000);
        }
        accepted &= contest.fence(subject).accept(guard.fenceToken());
        if (!accepted) {
            stats.fenceRejections++;
        }
        final long to = System.currentTimeMillis();
        guard.close();
        ChildSupport.say("RELEASE subject=" + subject.label() + " token=" + guard.fenceToken() + " to=" + to);
    }

    /** Checks every event a subscription delivers. */
    private static final class EventCheck implements dev.orbit.event.EventHandler {
        private final Stats stats;
        private final Map<Long, BitSet> seen = new HashMap<>();

        EventCheck(final Stats stats) {
            this.stats = stats;
        }

        @Override
        public void onEvent(
            final long id, final long timestampMs, final ByteBuffer buffer, final int topicOffset, final int topicLength,
            final int payloadOffset, final int payloadLength) {
            final byte[] topic = new byte[topicLength];
            buffer.get(topicOffset, topic);
            final String name = new String(topic, StandardCharsets.UTF_8);
            final long seed = Payloads.check(buffer, payloadOffset, payloadLength);
            if (seed == Payloads.TORN || payloadLength != 32 || !name.startsWith("topic-")) {
                stats.eventErrors++;
                ChildSupport.say("EVENT-ERROR id=" + NetId64.toString(id) + " topic=" + name + " length=" + payloadLength);
                return;
            }
            final BitSet bits = seen.computeIfAbsent(seed >>> 40, w -> new BitSet());
            final int seq = (int)(seed & SEQ_MASK);
            if (bits.get(seq)) {
                stats.eventErrors++;
                ChildSupport.say("EVENT-DUPLICATE id=" + NetId64.toString(id));
                return;
            }
            bits.set(seq);
            stats.eventsReceived++;
        }
    }

    /** Counters, printed as {@code name=value}. */
    static final class Stats {
        long frames;
        long cachePuts;
        long cacheLostWrites;
        long cacheHits;
        long cacheMisses;
        long cacheDeletes;
        long cacheResets;
        long cacheErrors;
        long eventsPublished;
        long eventsLostWrites;
        long eventsReceived;
        long eventLoss;
        long eventErrors;
        long claims;
        long claimsYielded;
        long fenceRejections;

        @Override
        public String toString() {
            return "frames=" + frames + " cachePuts=" + cachePuts + " cacheLostWrites=" + cacheLostWrites + " cacheHits=" +
                cacheHits + " cacheMisses=" + cacheMisses + " cacheDeletes=" + cacheDeletes + " cacheResets=" + cacheResets +
                " cacheErrors=" + cacheErrors + " eventsPublished=" + eventsPublished + " eventsLostWrites=" +
                eventsLostWrites + " eventsReceived=" + eventsReceived + " eventLoss=" + eventLoss + " eventErrors=" +
                eventErrors + " claims=" + claims + " claimsYielded=" + claimsYielded + " fenceRejections=" + fenceRejections;
        }
    }
}
