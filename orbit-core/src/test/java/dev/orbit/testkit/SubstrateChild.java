package dev.orbit.testkit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.event.Event;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Fleet;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.StartPosition;

/**
 * A child process for cross-process substrate tests: {@code SubstrateChild <mode> <directory> <fleet> [args]}.
 */
public final class SubstrateChild {

    /** Subject every contender claims. */
    public static final Subject SUBJECT = Subject.of("the-job");

    /** Counter index: processes inside the critical section now. */
    public static final int INSIDE = 0;

    /** Counter index: times more than one process was inside. */
    public static final int VIOLATIONS = 1;

    /** Counter index: newest fence token seen inside. */
    public static final int NEWEST_TOKEN = 2;

    /** Counter index: tokens that were not above the newest seen. */
    public static final int STALE_TOKENS = 3;

    private SubstrateChild() {
    }

    public static void main(final String[] args) throws Exception {
        final String mode = args[0];
        final Path directory = Path.of(args[1]);
        final String name = args[2];
        // A long pending timeout: on a loaded CI machine a publisher may be descheduled between reserving and
        // committing for longer than the default second; these tests are about delivery, not about expiry.
        try (Fleet fleet = Fleet.builder().name(name).directory(directory).pendingTimeout(Duration.ofSeconds(60))
            .joinShm()) {
            switch (mode) {
                case "cache" -> cache(fleet);
                case "publish" -> publish(fleet, Integer.parseInt(args[3]));
                case "subscribe" -> subscribe(fleet, Integer.parseInt(args[3]));
                case "contend" -> contend(fleet, Integer.parseInt(args[3]), Path.of(args[4]));
                case "hold" -> hold(fleet);
                default -> throw new IllegalArgumentException("unknown mode: " + mode);
            }
        }
    }

    /** Answers "put k v", "get k", "delete k" on stdin until "exit". */
    private static void cache(final Fleet fleet) throws Exception {
        final OrbitCache cache = fleet.cache("shared");
        System.out.println("ready " + fleet.nodeId());
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("exit")) {
            final String[] words = line.split(" ");
            switch (words[0]) {
                case "put" -> System.out.println("put " + cache.put(bytes(words[1]), bytes(words[2])));
                case "delete" -> System.out.println("deleted " + cache.delete(bytes(words[1])));
                case "get" -> {
                    final Optional<byte[]> value = cache.get(bytes(words[1]));
                    System.out.println("got " + value.map(v -> new String(v, StandardCharsets.UTF_8)).orElse("MISS"));
                }
                default -> System.out.println("unknown " + line);
            }
        }
    }

    /** Publishes "node:pid:seq" payloads on topic "t", and one event on topic "other" between each. */
    private static void publish(final Fleet fleet, final int count) {
        final OrbitEventBus bus = fleet.events();
        long lost = 0;
        for (int i = 0; i < count; i++) {
            if (bus.publish("t", bytes(fleet.nodeId() + ":" + ProcessHandle.current().pid() + ":" + i)) == NetId64.NULL) {
                lost++;
            }
            bus.publish("other", bytes("noise"));
        }
        System.out.println("published " + count + " lost=" + lost);
    }

    /**
     * Receives topic "t" until {@code expected} events arrived; checks per-publisher order (publishers are
     * told apart by pid: a node id is reused once its holder leaves).
     */
    private static void subscribe(final Fleet fleet, final int expected) {
        final Subscription subscription = fleet.events().subscribe(StartPosition.LATEST);
        System.out.println("ready " + fleet.nodeId());
        final Map<Long, Integer> next = new HashMap<>();
        int received = 0;
        int outOfOrder = 0;
        final IdleStrategy idle = new BackoffIdleStrategy();
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received < expected && System.nanoTime() < deadline) {
            final var poll = subscription.poll("t", 256);
            for (final Event event : poll.events()) {
                final String[] parts = new String(event.payload(), StandardCharsets.UTF_8).split(":");
                final int node = Integer.parseInt(parts[0]);
                final long publisher = Long.parseLong(parts[1]);
                final int seq = Integer.parseInt(parts[2]);
                if (node != event.publisherNode() || seq != next.getOrDefault(publisher, 0)) {
                    outOfOrder++;
                }
                next.put(publisher, seq + 1);
                received++;
            }
            idle.idle(poll.events().size());
        }
        System.out.println("received " + received + " publishers=" + next.size() + " outOfOrder=" + outOfOrder +
            " overwritten=" + subscription.loss().overwritten() + " unavailable=" + subscription.loss().unavailable());
    }

    /** Claim, critical section, release, {@code rounds} times, checking shared invariants. */
    private static void contend(final Fleet fleet, final int rounds, final Path countersFile) {
        final Contest contest = fleet.contest();
        final SharedCounters counters = SharedCounters.open(countersFile);
        final IdleStrategy idle = new BackoffIdleStrategy(1, 1, 1_000, 100_000);
        System.out.println("ready " + fleet.nodeId());
        int done = 0;
        long yields = 0;
        while (done < rounds) {
            final ClaimResult result = contest.tryClaim(SUBJECT, "node-" + fleet.nodeId(), Duration.ofSeconds(30));
            if (result instanceof Claimed claimed) {
                try (Guard guard = claimed.guard()) {
                    if (counters.add(INSIDE, 1) > 1) {
                        counters.add(VIOLATIONS, 1);
                    }
                    if (counters.max(NEWEST_TOKEN, guard.fenceToken()) >= guard.fenceToken()) {
                        counters.add(STALE_TOKENS, 1);
                    }
                    counters.add(INSIDE, -1);
                }
                done++;
                idle.reset();
            }
            else {
                yields++;
                idle.idle();
            }
        }
        System.out.println("done " + done + " yields=" + yields);
    }

    /** Claims the subject and holds it until killed. */
    private static void hold(final Fleet fleet) throws Exception {
        final ClaimResult result = fleet.contest().tryClaim(SUBJECT, "holder", Duration.ofSeconds(60));
        if (result instanceof Claimed claimed) {
            System.out.println("holding " + claimed.guard().fenceToken());
        }
        else {
            System.out.println("yielded " + result);
        }
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // held until killed or stdin closes
        }
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
