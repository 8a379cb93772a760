package dev.orbit.tools;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;

/**
 * A fleet member in its own JVM: {@code StatChild <dir> <fleet> <label> <ticks> <subject|-> [cache]}.
 * <p>
 * Joins the fleet, publishes {@code ticks} frames on the {@link Tick} ring, beats once, publishes one event,
 * puts one entry into {@code cache} when named, claims {@code subject} for ten minutes (owner = label), then
 * prints {@code ready pid=<pid> node=<node> claimed=<true|false>} and idles on stdin; after that only its fleet's
 * keeper writes (a heartbeat frame and the membership slot, every second), until the test freezes it. Commands on stdin: {@code beat} (beat once more, prints {@code beat}), {@code exit}
 * (or end of input: releases the claim, leaves the fleet and exits).
 */
public final class StatChild {

    private StatChild() {
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        final String name = args[1];
        final String label = args[2];
        final int ticks = Integer.parseInt(args[3]);
        final String subject = args[4];
        final String cache = args.length > 5 ? args[5] : null;
        try (Fleet fleet = Fleet.builder().name(name).directory(dir).label(label).joinShm()) {
            final byte[] payload = new byte[Tick.PAYLOAD];
            for (int i = 0; i < ticks; i++) {
                payload[0] = (byte)i;
                fleet.publish(Tick.class, 1, i, payload);
            }
            fleet.heartbeats().beat();
            fleet.events().publish("orders", label.getBytes(StandardCharsets.UTF_8));
            if (cache != null) {
                fleet.cache(cache).put(label.getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
            }
            Claimed claimed = null;
            if (!subject.equals("-")) {
                final ClaimResult result = fleet.contest().tryClaim(Subject.of(subject), label, Duration.ofMinutes(10));
                if (result instanceof Claimed) {
                    claimed = (Claimed)result;
                }
            }
            System.out.println("ready pid=" + ProcessHandle.current().pid() + " node=" + fleet.nodeId() +
                " claimed=" + (claimed != null));
            System.out.flush();
            final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = stdin.readLine()) != null && !line.equals("exit")) {
                if (line.equals("beat")) {
                    fleet.heartbeats().beat();
                    System.out.println("beat");
                    System.out.flush();
                }
            }
            if (claimed != null) {
                claimed.guard().close();
            }
        }
    }
}
