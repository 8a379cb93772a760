package dev.orbit.redis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.BackoffIdleStrategy;

import dev.orbit.contest.Subject;
import dev.orbit.event.Event;
import dev.orbit.event.EventPoll;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Fleet;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.StartPosition;
import dev.orbit.testsupport.ChildJvm;

/**
 * A member process of a test host: {@code HostChild <directory> <fleet> <hostId> <redisUri or cluster:host:port,...> [eventsMaxLength=N]}. Joins the fleet in
 * the host's directory, starts a bridge handle, then runs commands read from stdin, one per line, answering on
 * stdout. Lines it prints on its own: {@code ready <pid> <node>}, {@code state <STATE>} on every change,
 * {@code ev <origin> <topic> <payload>} per event heard, {@code progress <prefix> <n>} every
 * {@value #PROGRESS_EVERY} events a publisher sent, {@code acquired ...} / {@code released ...} of claim loops.
 */
public final class HostChild {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    static final int PROGRESS_EVERY = 100;

    private HostChild() {
    }

    /** A {@code <redisUri>} of {@code cluster:host:port,host:port,...} names a Redis Cluster's nodes. */
    static final String CLUSTER = "cluster:";

    public static void main(final String[] args) throws Exception {
        ChildJvm.exitWithParent();
        final Path directory = Path.of(args[0]);
        final String name = args[1];
        final String hostId = args[2];
        final String uri = args[3];
        try (Fleet fleet = Fleet.builder().name(name).directory(directory).size(8).pendingTimeout(Duration.ofSeconds(60))
            .joinShm()) {
            final RedisBridgeBuilder builder = RedisBridge.builder(fleet);
            if (uri.startsWith(CLUSTER)) {
                builder.redisCluster(uri.substring(CLUSTER.length()));
            }
            else {
                builder.redisUri(uri);
            }
            builder.hostId(hostId)
                .membershipInterval(Duration.ofMillis(200))
                .commandTimeout(Duration.ofMillis(500))
                .releaseInterval(Duration.ofMillis(100));
            for (int i = 4; i < args.length; i++) {
                final String[] option = args[i].split("=", 2);
                if (option[0].equals("eventsMaxLength")) {
                    builder.eventsMaxLength(Long.parseLong(option[1]));
                }
                else {
                    throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            final RedisBridge bridge = builder.build();
            bridge.start();
            print("ready " + ProcessHandle.current().pid() + " " + fleet.nodeId());
            daemon("state-watch", () -> watchState(bridge));
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                final String[] words = line.trim().split(" ");
                switch (words[0]) {
                    case "listen" -> listen(fleet);
                    case "publish" -> publish(fleet, words[1], Integer.parseInt(words[2]), words[3],
                        words.length > 4 ? Long.parseLong(words[4]) : 0);
                    case "publish-async" -> daemon("publisher", () -> publish(fleet, words[1], Integer.parseInt(words[2]),
                        words[3], words.length > 4 ? Long.parseLong(words[4]) : 0));
                    case "stats" -> print("stats " + bridge.stats());
                    case "cache-put" -> print("cache-put " + words[1] + " " +
                        bridge.cache("shared").put(words[1].getBytes(StandardCharsets.UTF_8),
                            words[2].getBytes(StandardCharsets.UTF_8), Duration.ZERO));
                    case "cache-get" -> print("cache-get " + words[1] + " " + bridge.cache("shared")
                        .get(words[1].getBytes(StandardCharsets.UTF_8))
                        .map(v -> new String(v, StandardCharsets.UTF_8)).orElse("-"));
                    case "claim-loop" -> daemon("claimer", () -> claimLoop(bridge, words[1], Long.parseLong(words[2]),
                        Long.parseLong(words[3])));
                    case "stop" -> {
                        bridge.close();
                        print("stopped");
                        return;
                    }
                    default -> print("unknown " + line);
                }
            }
        }
    }

    private static void watchState(final RedisBridge bridge) {
        BridgeState last = null;
        while (true) {
            final BridgeState state = bridge.state();
            if (state != last) {
                print("state " + state);
                print("state-at " + state + " " + System.nanoTime());
                last = state;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static void listen(final Fleet fleet) {
        final Subscription subscription = fleet.events().subscribe(StartPosition.LATEST);
        daemon("listener", () -> {
            final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
            while (true) {
                final EventPoll poll = subscription.poll(256);
                if (poll.loss().total() > 0) {
                    print("loss " + poll.loss().overwritten() + " " + poll.loss().unavailable());
                }
                final List<Event> events = poll.events();
                for (final Event event : events) {
                    final String origin = event.headers().origin().map(o -> o.hostId()).orElse("local");
                    print("ev " + origin + " " + event.topic() + " " + new String(event.payload(), StandardCharsets.UTF_8));
                }
                idle.idle(events.size());
            }
        });
        print("listening");
    }

    private static void publish(final Fleet fleet, final String topic, final int count, final String prefix,
        final long intervalMicros) {
        int lost = 0;
        for (int i = 0; i < count; i++) {
            if (fleet.events().publish(topic, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8)) == NetId64.NULL) {
                lost++;
            }
            if ((i + 1) % PROGRESS_EVERY == 0) {
                print("progress " + prefix + " " + (i + 1));
            }
            if (intervalMicros > 0) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(intervalMicros));
            }
        }
        print("published " + prefix + " " + count + " " + lost);
    }

    /**
     * Claims the subject over and over; while holding, confirms the claim every 20 ms for {@code holdMs}. Prints
     * {@code released <token> <acquiredNs> <lastConfirmedNs>}: the claim was certainly held over that span (each
     * confirmation's time is taken before asking, and a guard is held only while Redis keeps the key).
     */
    private static void claimLoop(final RedisBridge bridge, final String label, final long ttlMs, final long holdMs) {
        final Subject subject = Subject.of(label);
        while (true) {
            final FleetClaimResult result = bridge.claims().tryClaim(subject, "child", Duration.ofMillis(ttlMs));
            if (result instanceof FleetClaimResult.Claimed claimed) {
                final long acquired = System.nanoTime();
                final FleetGuard guard = claimed.guard();
                print("acquired " + guard.fenceToken() + " " + acquired);
                long confirmed = acquired;
                final long until = acquired + TimeUnit.MILLISECONDS.toNanos(holdMs);
                long nextRenew = acquired + TimeUnit.MILLISECONDS.toNanos(ttlMs / 3);
                while (true) {
                    final long now = System.nanoTime();
                    if (now - nextRenew >= 0) {
                        guard.renew(Duration.ofMillis(ttlMs));
                        nextRenew = now + TimeUnit.MILLISECONDS.toNanos(ttlMs / 3);
                    }
                    final long check = System.nanoTime();
                    if (!guard.isHeld() || check - until >= 0) {
                        break;
                    }
                    confirmed = check;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                guard.close();
                print("released " + guard.fenceToken() + " " + acquired + " " + confirmed);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static void daemon(final String name, final Runnable task) {
        final Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static synchronized void print(final String line) {
        OUT.println(line);
    }
}
