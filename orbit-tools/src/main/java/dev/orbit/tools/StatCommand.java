package dev.orbit.tools;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import dev.orbit.internal.shm.Processes;

/**
 * {@code orbit-stat stat}: members, rings and claims of a fleet, read-only, once, N times or until stopped.
 */
@Command(name = "stat", description = "members, rings and claims of a fleet, refreshed every interval until " +
    "Ctrl-C; read-only: never joins the fleet, never writes a segment or a lock file")
final class StatCommand implements Callable<Integer> {

    private final OrbitStat tool;

    @Spec
    private CommandSpec spec;

    @Mixin
    private Options.Fleet fleet;

    @Mixin
    private Options.Dir dir;

    @ArgGroup(exclusive = true)
    private Snapshots snapshots = new Snapshots();

    @Mixin
    private Options.Json json;

    private Duration interval;

    private Duration maxAge;

    StatCommand(final OrbitStat tool) {
        this.tool = tool;
    }

    @Option(names = "--interval", paramLabel = "D",
        description = "time between snapshots: 500ms, 1s, 2m or ISO-8601 such as PT0.5S (default 1s)")
    void interval(final String value) {
        Options.once(spec, "--interval", interval, value);
        final Duration parsed = Options.duration(spec, "--interval", value);
        if (parsed.compareTo(Options.MIN_INTERVAL) < 0 || parsed.compareTo(Options.MAX_INTERVAL) > 0) {
            throw new ParameterException(spec.commandLine(), "interval out of range: --interval=" + value +
                " (expected " + Options.MIN_INTERVAL.toMillis() + "ms to " + Options.MAX_INTERVAL.toHours() + "h)");
        }
        interval = parsed;
    }

    @Option(names = "--max-age", paramLabel = "D",
        description = "heartbeat age beyond which a live member is shown stale (default 3s)")
    void maxAge(final String value) {
        Options.once(spec, "--max-age", maxAge, value);
        final Duration parsed = Options.duration(spec, "--max-age", value);
        if (parsed.isNegative() || parsed.isZero()) {
            throw new ParameterException(spec.commandLine(), "max age must be positive: --max-age=" + value);
        }
        maxAge = parsed;
    }

    @Override
    public Integer call() {
        final PrintStream out = tool.out();
        final FleetDirectory directory = FleetDirectory.open(dir.path(), Processes.currentUid());
        final int count = snapshots.count();
        final Duration every = interval != null ? interval : Options.DEFAULT_INTERVAL;
        final long intervalNs = every.toNanos();
        final boolean redraw = tool.terminal() && !json.json() && count != 1;
        final String refresh = count == 1 ? null : Durations.format(every.toMillis());
        final long maxAgeMs = (maxAge != null ? maxAge : Options.DEFAULT_MAX_AGE).toMillis();
        try (FleetView view = FleetView.open(directory, fleet.name(), tool.clock(), maxAgeMs)) {
            long next = System.nanoTime();
            for (int i = 0; count == 0 || i < count; i++) {
                if (i > 0) {
                    next += intervalNs;
                    if (!pauseUntil(next)) {
                        break;
                    }
                }
                final FleetSnapshot snapshot = view.snapshot();
                if (json.json()) {
                    out.println(JsonScreen.render(snapshot));
                }
                else if (redraw) {
                    out.print(OrbitStat.CLEAR_SCREEN + TextScreen.render(snapshot, refresh));
                }
                else {
                    if (i > 0) {
                        out.println();
                    }
                    out.print(TextScreen.render(snapshot, refresh));
                }
                if (out.checkError()) {
                    break; // nobody reads any more (e.g. piped into head)
                }
            }
        }
        out.flush();
        return OrbitStat.EXIT_OK;
    }

    /**
     * Waits until {@code deadlineNs} on {@link System#nanoTime()}.
     *
     * @return false when interrupted.
     */
    private static boolean pauseUntil(final long deadlineNs) {
        long remaining;
        while ((remaining = deadlineNs - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }

    /** {@code --once | --count N}: how many snapshots. */
    static final class Snapshots {

        @Spec
        private CommandSpec spec;

        private Boolean once;

        private Integer count;

        @Option(names = "--once", arity = "0", description = "print one snapshot and exit (same as --count 1)")
        void once(final boolean value) {
            Options.once(spec, "--once", once, null);
            once = value;
        }

        @Option(names = "--count", paramLabel = "N", description = "print N snapshots, one per interval, then exit")
        void count(final String value) {
            Options.once(spec, "--count", count, value);
            int parsed;
            try {
                parsed = Integer.parseInt(value);
            }
            catch (final NumberFormatException ex) {
                parsed = -1;
            }
            if (parsed < 1) {
                throw new ParameterException(spec.commandLine(),
                    "invalid count: --count=" + value + " (expected a whole number >= 1)");
            }
            count = parsed;
        }

        /**
         * @return snapshots to print: 1 with --once, N with --count, 0 for "until stopped".
         */
        int count() {
            return once != null && once ? 1 : count != null ? count : 0;
        }
    }
}
