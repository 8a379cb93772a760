package dev.orbit.stress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.FleetBuilder;
import dev.orbit.testsupport.ChildJvm;

/**
 * The child side of {@link ChildJvm}: {@code key=value} arguments, lines to stdout (flushed at once, so a line
 * printed before a {@code kill -9} reaches the test), and commands from stdin. When stdin closes (the test
 * JVM died) the child halts, so no writer outlives its test.
 */
final class ChildSupport {

    private final Map<String, String> args = new HashMap<>();
    private final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();

    ChildSupport(final String[] argv) {
        for (final String arg : argv) {
            final int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value: " + arg);
            }
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        final Thread reader = new Thread(this::readCommands, "stdin-commands");
        reader.setDaemon(true);
        reader.start();
    }

    private void readCommands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line.trim());
            }
        }
        catch (final IOException ignored) {
            // treated as end of input
        }
        Runtime.getRuntime().halt(3);
    }

    String get(final String key) {
        final String value = args.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing argument " + key + "=...; have " + args);
        }
        return value;
    }

    String get(final String key, final String defaultValue) {
        return args.getOrDefault(key, defaultValue);
    }

    int integer(final String key, final int defaultValue) {
        return args.containsKey(key) ? Integer.parseInt(args.get(key)) : defaultValue;
    }

    long number(final String key, final long defaultValue) {
        return args.containsKey(key) ? Long.parseLong(args.get(key)) : defaultValue;
    }

    /**
     * @return the next command, or null.
     */
    String command() {
        return commands.poll();
    }

    /**
     * Joins the shared-memory fleet named by {@code fleet=} in /dev/shm.
     */
    Fleet join(final String label) {
        final FleetBuilder builder = Fleet.builder()
            .name(get("fleet"))
            .size(64)
            .directory(ShmScope.SHM)
            .label(label)
            .pendingTimeout(Duration.ofMillis(integer("pendingMs", 500)))
            .heartbeatInterval(Duration.ofMillis(200));
        return builder.joinShm();
    }

    static Class<?> type(final String name) {
        switch (name) {
            case "stress":
                return StressFrame.class;
            case "lap":
                return LapFrame.class;
            default:
                throw new IllegalArgumentException("unknown frame type: " + name);
        }
    }

    /**
     * Prints one line and flushes it.
     */
    static void say(final String line) {
        System.out.println(line);
        System.out.flush();
    }
}
