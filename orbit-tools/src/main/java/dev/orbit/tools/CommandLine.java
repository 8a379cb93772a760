package dev.orbit.tools;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.orbit.shm.SegmentNames;

/**
 * The parsed command line. Each option is validated when it is read: a bad, repeated or inapplicable option is a
 * {@link UsageException} naming it.
 */
final class CommandLine {

    /** Shortest refresh interval. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(10);

    /** Longest refresh interval. */
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    /** Default refresh interval. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** Default heartbeat age beyond which a live member is shown stale: three missed beats at the default 1 s. */
    static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(3);

    enum Command {
        STAT(EnumSet.of(Option.FLEET, Option.DIR, Option.ONCE, Option.COUNT, Option.INTERVAL, Option.JSON,
            Option.MAX_AGE)),
        LIST(EnumSet.of(Option.DIR, Option.JSON)),
        UNLINK(EnumSet.of(Option.FLEET, Option.DIR, Option.FORCE)),
        HELP(EnumSet.noneOf(Option.class));

        final Set<Option> options;

        Command(final Set<Option> options) {
            this.options = options;
        }

        String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum Option {
        FLEET("--fleet", true),
        DIR("--dir", true),
        ONCE("--once", false),
        COUNT("--count", true),
        INTERVAL("--interval", true),
        JSON("--json", false),
        MAX_AGE("--max-age", true),
        FORCE("--force", false);

        final String flag;
        final boolean takesValue;

        Option(final String flag, final boolean takesValue) {
            this.flag = flag;
            this.takesValue = takesValue;
        }
    }

    private final Command command;
    private final Map<Option, String> given = new HashMap<>();
    private String fleet;
    private Path dir;
    private boolean once;
    private int count;
    private Duration interval = DEFAULT_INTERVAL;
    private boolean json;
    private Duration maxAge = DEFAULT_MAX_AGE;
    private boolean force;

    private CommandLine(final Command command) {
        this.command = command;
    }

    /**
     * @param args the arguments, command first.
     * @return the command line.
     * @throws UsageException naming the bad argument.
     */
    static CommandLine parse(final String[] args) {
        if (args.length == 0) {
            throw new UsageException("a command is required: stat, list, unlink or help");
        }
        for (final String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                return new CommandLine(Command.HELP);
            }
        }
        final CommandLine line = new CommandLine(command(args[0]));
        for (int i = 1; i < args.length; i++) {
            final String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument: " + arg + " (options start with --; quote values " +
                    "that contain spaces)");
            }
            final int equals = arg.indexOf('=');
            final String flag = equals < 0 ? arg : arg.substring(0, equals);
            final Option option = line.option(flag);
            String value = null;
            if (option.takesValue) {
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                }
                else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    value = args[++i];
                }
                else {
                    throw new UsageException("missing value: " + flag + " needs a value");
                }
            }
            else if (equals >= 0) {
                throw new UsageException("unexpected value: " + arg + " (" + flag + " takes no value)");
            }
            line.set(option, value);
        }
        line.validate();
        return line;
    }

    private static Command command(final String text) {
        for (final Command command : Command.values()) {
            if (command.text().equals(text)) {
                return command;
            }
        }
        throw new UsageException("unknown command: " + text + " (expected stat, list, unlink or help)");
    }

    private Option option(final String flag) {
        for (final Option option : Option.values()) {
            if (option.flag.equals(flag)) {
                if (!command.options.contains(option)) {
                    throw new UsageException("option not valid for " + command.text() + ": " + flag);
                }
                return option;
            }
        }
        throw new UsageException("unknown option: " + flag);
    }

    private void set(final Option option, final String value) {
        final String previous = given.put(option, value == null ? "" : value);
        if (previous != null) {
            throw new UsageException("option given twice: " + option.flag +
                (value == null ? "" : " (first " + previous + ", then " + value + ")"));
        }
        switch (option) {
            case FLEET:
                try {
                    fleet = SegmentNames.validateFleetName(value);
                }
                catch (final IllegalArgumentException ex) {
                    throw new UsageException(ex.getMessage() + " (--fleet takes the name the fleet was built with)");
                }
                break;
            case DIR:
                if (value.isEmpty()) {
                    throw new UsageException("empty value: --dir needs a directory");
                }
                try {
                    dir = Path.of(value);
                }
                catch (final InvalidPathException ex) {
                    throw new UsageException("invalid path: --dir=" + value + " (" + ex.getReason() + ")");
                }
                break;
            case ONCE:
                once = true;
                break;
            case COUNT:
                try {
                    count = Integer.parseInt(value);
                }
                catch (final NumberFormatException ex) {
                    count = -1;
                }
                if (count < 1) {
                    throw new UsageException("invalid count: --count=" + value + " (expected a whole number >= 1)");
                }
                break;
            case INTERVAL:
                interval = Durations.parse(option.flag, value);
                if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
                    throw new UsageException("interval out of range: --interval=" + value + " (expected " +
                        MIN_INTERVAL.toMillis() + "ms to " + MAX_INTERVAL.toHours() + "h)");
                }
                break;
            case JSON:
                json = true;
                break;
            case MAX_AGE:
                maxAge = Durations.parse(option.flag, value);
                if (maxAge.isNegative() || maxAge.isZero()) {
                    throw new UsageException("max age must be positive: --max-age=" + value);
                }
                break;
            case FORCE:
                force = true;
                break;
            default:
                throw new IllegalStateException("unhandled option: " + option);
        }
    }

    private void validate() {
        if (command.options.contains(Option.FLEET) && fleet == null) {
            throw new UsageException(command.text() + " needs --fleet NAME (see the names with: list)");
        }
        if (once && count > 0) {
            throw new UsageException("--once and --count exclude each other (--once is --count 1)");
        }
    }

    Command command() {
        return command;
    }

    String fleet() {
        return fleet;
    }

    /**
     * @return the directory given, else the default fleet directory.
     */
    Path dir() {
        return dir != null ? dir : SegmentNames.defaultDirectory();
    }

    /**
     * @return snapshots to print: 1 with --once, N with --count, 0 for "until stopped".
     */
    int count() {
        return once ? 1 : count;
    }

    Duration interval() {
        return interval;
    }

    boolean json() {
        return json;
    }

    Duration maxAge() {
        return maxAge;
    }

    boolean force() {
        return force;
    }
}
