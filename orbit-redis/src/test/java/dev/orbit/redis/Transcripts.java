package dev.orbit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.orbit.testsupport.Await;
import dev.orbit.testsupport.ChildJvm;

/**
 * Reading what {@link HostChild} processes print.
 */
final class Transcripts {

    static final Duration DELIVERY = Duration.ofSeconds(60);

    private Transcripts() {
    }

    /**
     * Collects the payloads of one topic and prefix a listener printed, waiting until {@code expected} arrived.
     */
    static List<String> receive(final ChildJvm listener, final String topic, final String prefix, final int expected) {
        final List<String> heard = new ArrayList<>();
        Await.until(DELIVERY, () -> {
            heard.clear();
            for (final String line : listener.transcript()) {
                if (matches(line, topic, prefix)) {
                    heard.add(payload(line));
                }
            }
            if (heard.size() < expected && !listener.isAlive()) {
                throw new AssertionError("child " + listener.name() + " exited\n" + listener.tail());
            }
            return heard.size() >= expected;
        }, () -> listener.name() + " to hear " + expected + " events " + topic + " " + prefix + "-*; heard " + heard.size());
        return heard;
    }

    /**
     * Flushes the child's output up to now (a {@code stats} round trip).
     *
     * @return the stats line.
     */
    static String flush(final ChildJvm child) {
        child.send("stats");
        return child.awaitLine(line -> line.startsWith("stats "), DELIVERY);
    }

    /**
     * @return events heard more than once, after flushing the child's output.
     */
    static List<String> repeats(final ChildJvm listener) {
        flush(listener);
        final Map<String, Integer> counts = new HashMap<>();
        final List<String> repeats = new ArrayList<>();
        for (final String line : listener.transcript()) {
            if (line.startsWith("ev ") && counts.merge(line.substring(3), 1, Integer::sum) > 1) {
                repeats.add(line.substring(3));
            }
        }
        return repeats;
    }

    static List<String> sequence(final String prefix, final int from, final int to) {
        final List<String> expected = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            expected.add(prefix + "-" + i);
        }
        return expected;
    }

    static long field(final String stats, final String name) {
        final Matcher matcher = Pattern.compile("\\b" + name + "=(\\d+)").matcher(stats);
        if (!matcher.find()) {
            throw new AssertionError("no " + name + " in " + stats);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static boolean matches(final String line, final String topic, final String prefix) {
        if (!line.startsWith("ev ")) {
            return false;
        }
        final String[] parts = line.split(" ");
        return parts.length == 4 && parts[2].equals(topic) && parts[3].startsWith(prefix + "-");
    }

    private static String payload(final String line) {
        return line.split(" ")[3];
    }
}
