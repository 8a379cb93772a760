package dev.orbit.tools;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.Member;
import dev.orbit.fleet.MemberState;
import dev.orbit.fleet.MembersReader;
import dev.orbit.shm.AccessMode;
import dev.orbit.shm.Processes;
import dev.orbit.shm.SegmentException;
import dev.orbit.shm.SegmentNames;
import dev.orbit.shm.SegmentOptions;

/**
 * orbit-stat: a read-only view of a fleet from the command line, plus {@code list} and {@code unlink}.
 * <p>
 * {@code stat} attaches every segment of the fleet read-only: it never creates, resizes or writes a segment or a
 * lock file and never takes a membership slot, so it works while the fleet runs. See {@link #USAGE}.
 */
public final class OrbitStat {

    /** Exit code: done. */
    public static final int EXIT_OK = 0;

    /** Exit code: unknown fleet, unreadable directory, refused segment, or another failure (see stderr). */
    public static final int EXIT_ERROR = 1;

    /** Exit code: bad arguments; the usage text follows the message on stderr. */
    public static final int EXIT_USAGE = 2;

    /** Exit code: unlink refused because live members exist (pass --force to remove anyway). */
    public static final int EXIT_LIVE_MEMBERS = 3;

    /** The usage text. */
    public static final String USAGE = String.join("\n",
        "usage: orbit-stat <command> [options]      (orbit-stat = java -jar orbit-tools.jar)",
        "",
        "commands:",
        "  stat    --fleet NAME [--dir DIR] [--once | --count N] [--interval 1s] [--json] [--max-age 3s]",
        "          members, rings and claims of a fleet, refreshed every interval until Ctrl-C;",
        "          read-only: never joins the fleet, never writes a segment or a lock file",
        "  list    [--dir DIR] [--json]",
        "          the fleets of this user in DIR, with live/total members",
        "  unlink  --fleet NAME [--dir DIR] [--force]",
        "          removes the fleet's segment files; refused while live members exist unless --force",
        "  help    this text",
        "",
        "options:",
        "  --fleet NAME    the fleet's name",
        "  --dir DIR       the fleet directory (default /dev/shm, or java.io.tmpdir without /dev/shm)",
        "  --once          print one snapshot and exit (same as --count 1)",
        "  --count N       print N snapshots, one per interval, then exit",
        "  --interval D    time between snapshots: 500ms, 1s, 2m or ISO-8601 such as PT0.5S (default 1s)",
        "  --json          JSON instead of text: one document per snapshot, one per line",
        "  --max-age D     heartbeat age beyond which a live member is shown stale (default 3s)",
        "  --force         unlink even while live members exist (they keep mapping the removed files,",
        "                  and members started later map new ones: the fleet splits)",
        "",
        "exit codes: 0 ok, 1 error (unknown fleet, unreadable directory, refused segment),",
        "            2 bad arguments, 3 unlink refused because live members exist",
        "");

    /** Moves the cursor home and clears the screen. */
    static final String CLEAR_SCREEN = "\033[H\033[2J";

    private static final String PREFIX = "orbit-stat: ";

    private final EpochClock clock;
    private final boolean terminal;

    OrbitStat(final EpochClock clock, final boolean terminal) {
        this.clock = clock;
        this.terminal = terminal;
    }

    /**
     * Runs orbit-stat and exits with its exit code.
     *
     * @param args the command and its options.
     */
    public static void main(final String[] args) {
        final int exitCode = new OrbitStat(SystemEpochClock.INSTANCE, isTerminal()).execute(args, System.out, System.err);
        System.out.flush();
        System.exit(exitCode);
    }

    /**
     * Runs orbit-stat in this process, writing plain text (no terminal control) or JSON to {@code out} and
     * messages to {@code err}.
     *
     * @param args the command and its options, e.g. {@code stat --fleet orders --once --json}.
     * @param out  where the screens go.
     * @param err  where errors and the usage text go.
     * @return the exit code: {@link #EXIT_OK}, {@link #EXIT_ERROR}, {@link #EXIT_USAGE} or
     *     {@link #EXIT_LIVE_MEMBERS}.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err) {
        return new OrbitStat(SystemEpochClock.INSTANCE, false).execute(args, out, err);
    }

    int execute(final String[] args, final PrintStream out, final PrintStream err) {
        try {
            final CommandLine line = CommandLine.parse(args);
            switch (line.command()) {
                case STAT:
                    return stat(line, out);
                case LIST:
                    return list(line, out, err);
                case UNLINK:
                    return unlink(line, out);
                default:
                    out.print(USAGE);
                    out.flush();
                    return EXIT_OK;
            }
        }
        catch (final UsageException ex) {
            err.println(PREFIX + ex.getMessage());
            err.println();
            err.print(USAGE);
            err.flush();
            return EXIT_USAGE;
        }
        catch (final ToolException ex) {
            err.println(PREFIX + ex.getMessage());
            err.flush();
            return ex.exitCode();
        }
        catch (final SegmentException ex) {
            err.println(PREFIX + ex.getMessage());
            err.flush();
            return EXIT_ERROR;
        }
        catch (final RuntimeException ex) {
            err.println(PREFIX + "failed: " + ex);
            err.flush();
            return EXIT_ERROR;
        }
    }

    private int stat(final CommandLine line, final PrintStream out) {
        final FleetDirectory directory = FleetDirectory.open(line.dir(), Processes.currentUid());
        final int count = line.count();
        final long intervalNs = line.interval().toNanos();
        final boolean redraw = terminal && !line.json() && count != 1;
        final String refresh = count == 1 ? null : Durations.format(line.interval().toMillis());
        try (FleetView view = FleetView.open(directory, line.fleet(), clock, line.maxAge().toMillis())) {
            long next = System.nanoTime();
            for (int i = 0; count == 0 || i < count; i++) {
                if (i > 0) {
                    next += intervalNs;
                    if (!pauseUntil(next)) {
                        break;
                    }
                }
                final FleetSnapshot snapshot = view.snapshot();
                if (line.json()) {
                    out.println(JsonScreen.render(snapshot));
                }
                else if (redraw) {
                    out.print(CLEAR_SCREEN + TextScreen.render(snapshot, refresh));
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
        return EXIT_OK;
    }

    private int list(final CommandLine line, final PrintStream out, final PrintStream err) {
        final FleetDirectory directory = FleetDirectory.open(line.dir(), Processes.currentUid());
        final List<FleetSummary> fleets = new ArrayList<>();
        for (final String name : directory.fleets()) {
            fleets.add(summarise(directory, name));
        }
        if (line.json()) {
            out.println(JsonScreen.render(directory, fleets));
        }
        else {
            out.println("fleets: " + fleets.size() + " in " + directory.path() + " for uid " +
                Integer.toUnsignedString(directory.uid()));
            if (!fleets.isEmpty()) {
                final boolean errors = fleets.stream().anyMatch(fleet -> fleet.error() != null);
                final Table table = errors ?
                    new Table("FLEET", ">LIVE/TOTAL", ">SEGMENTS", "ERROR") : new Table("FLEET", ">LIVE/TOTAL", ">SEGMENTS");
                for (final FleetSummary fleet : fleets) {
                    final String members = fleet.error() == null ? fleet.live() + "/" + fleet.total() : "?";
                    if (errors) {
                        table.row(fleet.name(), members, fleet.segments(), fleet.error() == null ? "" : "unreadable (see stderr)");
                    }
                    else {
                        table.row(fleet.name(), members, fleet.segments());
                    }
                }
                final StringBuilder text = new StringBuilder();
                table.appendTo(text, "  ");
                out.print(text);
            }
        }
        out.flush();
        int exitCode = EXIT_OK;
        for (final FleetSummary fleet : fleets) {
            if (fleet.error() != null) {
                err.println(PREFIX + "fleet=" + fleet.name() + ": " + fleet.error());
                exitCode = EXIT_ERROR;
            }
        }
        err.flush();
        return exitCode;
    }

    private FleetSummary summarise(final FleetDirectory directory, final String name) {
        final int segments = directory.segments(name).size();
        try (MembersReader reader = MembersReader.attach(
            SegmentNames.membersFile(directory.path(), name, AccessMode.OWNER, directory.uid()), name,
            SegmentOptions.defaults(), clock)) {
            int live = 0;
            int total = 0;
            for (final Member member : reader.members()) {
                if (member.state() != MemberState.FREE) {
                    total++;
                    if (member.state() != MemberState.GONE) {
                        live++;
                    }
                }
            }
            return new FleetSummary(name, segments, live, total, null);
        }
        catch (final SegmentException ex) {
            return new FleetSummary(name, segments, 0, 0, ex.getMessage());
        }
    }

    private int unlink(final CommandLine line, final PrintStream out) {
        final FleetDirectory directory = FleetDirectory.open(line.dir(), Processes.currentUid());
        directory.requireFleet(line.fleet());
        final int removed;
        try {
            removed = Fleet.unlink(directory.path(), line.fleet(), line.force());
        }
        catch (final IllegalStateException ex) {
            throw new ToolException(EXIT_LIVE_MEMBERS, ex.getMessage() + "; to remove anyway: orbit-stat unlink --fleet " +
                line.fleet() + " --dir " + directory.path() + " --force", ex);
        }
        out.println("unlinked fleet=" + line.fleet() + ": removed " + removed + " segment files (and their lock " +
            "files) from " + directory.path());
        out.flush();
        return EXIT_OK;
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

    /**
     * @return true when stdin and stdout are a terminal (on JDK 22+, {@code System.console()} exists even when
     *     redirected; {@code Console.isTerminal()} then tells).
     */
    private static boolean isTerminal() {
        final Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            final Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean)isTerminal.invoke(console);
        }
        catch (final ReflectiveOperationException ex) {
            return true; // JDK 17..21: a console exists only on a terminal
        }
    }
}
