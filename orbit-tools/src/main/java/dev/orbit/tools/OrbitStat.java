package dev.orbit.tools;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.MaxValuesExceededException;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import dev.orbit.shm.SegmentException;

/**
 * orbit-stat: a read-only view of a fleet from the command line, plus {@code list} and {@code unlink}; its
 * command line is parsed by picocli ({@code --help} and {@code --version} on every command).
 * <p>
 * {@code stat} attaches every segment of the fleet read-only: it never creates, resizes or writes a segment or a
 * lock file and never takes a membership slot, so it works while the fleet runs. See {@link #USAGE}.
 */
@Command(name = "orbit-stat",
    description = "a read-only view of an Orbit fleet (orbit-stat = java -jar orbit-tools.jar)")
public final class OrbitStat implements Callable<Integer> {

    /** Exit code: done. */
    public static final int EXIT_OK = 0;

    /** Exit code: unknown fleet, unreadable directory, refused segment, or another failure (see stderr). */
    public static final int EXIT_ERROR = 1;

    /** Exit code: bad arguments; the usage text follows the message on stderr. */
    public static final int EXIT_USAGE = 2;

    /** Exit code: unlink refused because live members exist (pass --force to remove anyway). */
    public static final int EXIT_LIVE_MEMBERS = 3;

    /** Moves the cursor home and clears the screen. */
    static final String CLEAR_SCREEN = "\033[H\033[2J";

    /** Starts every message on stderr. */
    static final String PREFIX = "orbit-stat: ";

    private static final int USAGE_WIDTH = 100;

    private static final String[] EXIT_CODES = {
        "0:ok",
        "1:error (unknown fleet, unreadable directory, refused segment)",
        "2:bad arguments",
        "3:unlink refused because live members exist"};

    /** The usage text of {@code help} and {@code --help}. */
    public static final String USAGE = commandLine(new OrbitStat(SystemEpochClock.INSTANCE, false, System.out,
        System.err)).getUsageMessage();

    private final EpochClock clock;
    private final boolean terminal;
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    private CommandSpec spec;

    OrbitStat(final EpochClock clock, final boolean terminal, final PrintStream out, final PrintStream err) {
        this.clock = clock;
        this.terminal = terminal;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs orbit-stat and exits with its exit code.
     *
     * @param args the command and its options.
     */
    public static void main(final String[] args) {
        final int exitCode = new OrbitStat(SystemEpochClock.INSTANCE, isTerminal(), System.out, System.err)
            .execute(args);
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
        return new OrbitStat(SystemEpochClock.INSTANCE, false, out, err).execute(args);
    }

    int execute(final String[] args) {
        final int exitCode = commandLine(this).execute(args);
        out.flush();
        err.flush();
        return exitCode;
    }

    /**
     * Without a command: bad arguments.
     */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a command is required: stat, list, unlink or help");
    }

    EpochClock clock() {
        return clock;
    }

    boolean terminal() {
        return terminal;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /**
     * @return orbit-stat's command line over {@code tool}: its commands, usage texts, and the handlers that turn
     *     bad arguments and failures into a message on stderr and an exit code.
     */
    private static CommandLine commandLine(final OrbitStat tool) {
        final CommandLine line = new CommandLine(tool)
            .addSubcommand(new StatCommand(tool))
            .addSubcommand(new ListCommand(tool))
            .addSubcommand(new UnlinkCommand(tool))
            .addSubcommand(new HelpCommand());
        style(line);
        line.setOverwrittenOptionsAllowed(true) // the options reject a repeated value themselves, naming both
            .setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF))
            .setUsageHelpWidth(USAGE_WIDTH)
            .setOut(new PrintWriter(tool.out, true, StandardCharsets.UTF_8))
            .setErr(new PrintWriter(tool.err, true, StandardCharsets.UTF_8))
            .setParameterExceptionHandler(OrbitStat::badArguments)
            .setExecutionExceptionHandler((ex, command, parsed) -> failed(ex, tool.err));
        return line;
    }

    private static void style(final CommandLine line) {
        final CommandSpec command = line.getCommandSpec();
        if (!(command.userObject() instanceof HelpCommand)) {
            command.mixinStandardHelpOptions(true);
            command.versionProvider(new Version());
            command.usageMessage()
                .synopsisHeading("usage: ")
                .optionListHeading("%noptions:%n")
                .commandListHeading("%ncommands:%n")
                .exitCodeListHeading("%nexit codes:%n")
                .exitCodeList(exitCodes())
                .sortOptions(false);
            command.parser().separator(" ");
            command.usageMessage().sortSynopsis(false);
        }
        else {
            command.usageMessage().header("this text, or a command's: help stat");
        }
        line.getSubcommands().values().forEach(OrbitStat::style);
    }

    private static Map<String, String> exitCodes() {
        final Map<String, String> codes = new LinkedHashMap<>();
        for (final String code : EXIT_CODES) {
            final int colon = code.indexOf(':');
            codes.put(code.substring(0, colon), code.substring(colon + 1));
        }
        return codes;
    }

    /**
     * Prints the message naming the bad argument, then the usage text of the command it was given to.
     */
    private static int badArguments(final ParameterException ex, final String[] args) {
        final CommandLine line = ex.getCommandLine();
        final PrintWriter err = line.getErr();
        err.println(PREFIX + message(ex, args));
        err.println();
        err.print(line.getUsageMessage());
        err.flush();
        return EXIT_USAGE;
    }

    /**
     * @return the message of a bad argument, in orbit-stat's words: what was wrong, with the option and the value.
     */
    static String message(final ParameterException ex, final String[] args) {
        final CommandLine line = ex.getCommandLine();
        if (ex instanceof UnmatchedArgumentException && !((UnmatchedArgumentException)ex).getUnmatched().isEmpty()) {
            final String arg = ((UnmatchedArgumentException)ex).getUnmatched().get(0);
            final String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            final OptionSpec option = line.getCommandSpec().findOption(flag);
            if (option != null && option.arity().max() == 0 && arg.contains("=")) {
                return "unexpected value: " + arg + " (" + flag + " takes no value)";
            }
            if (option != null) {
                final String repeated = repeated(line, args);
                return repeated != null ? repeated : "unexpected option: " + arg;
            }
            if (!arg.startsWith("-")) {
                return line.getParent() == null ?
                    "unknown command: " + arg + " (expected stat, list, unlink or help)" :
                    "unexpected argument: " + arg + " (options start with --; quote values that contain spaces)";
            }
            if (line.getParent() != null && optionOfAnotherCommand(line, flag)) {
                return "option not valid for " + line.getCommandName() + ": " + flag;
            }
            return "unknown option: " + flag;
        }
        if (ex instanceof MissingParameterException) {
            for (final var missing : ((MissingParameterException)ex).getMissing()) {
                if (missing instanceof OptionSpec) {
                    final String flag = ((OptionSpec)missing).longestName();
                    final boolean given = Arrays.stream(args).anyMatch(arg -> arg.equals(flag) || arg.startsWith(flag + "="));
                    return given ? "missing value: " + flag + " needs a value" :
                        line.getCommandName() + " needs " + flag + " " + ((OptionSpec)missing).paramLabel() +
                            " (see the names with: list)";
                }
            }
        }
        if (ex instanceof MutuallyExclusiveArgsException) {
            return "--once and --count exclude each other (--once is --count 1)";
        }
        if (ex instanceof MaxValuesExceededException) {
            final String repeated = repeated(line, args);
            if (repeated != null) {
                return repeated;
            }
        }
        return ex.getMessage();
    }

    /**
     * @return "option given twice" for the first option of the command that {@code args} give twice, or null.
     */
    private static String repeated(final CommandLine line, final String[] args) {
        for (final OptionSpec option : line.getCommandSpec().options()) {
            final String flag = option.longestName();
            String first = null;
            for (int i = 0; i < args.length; i++) {
                final String value;
                if (args[i].startsWith(flag + "=")) {
                    value = args[i].substring(flag.length() + 1);
                }
                else if (args[i].equals(flag)) {
                    value = option.arity().max() == 0 ? "" : i + 1 < args.length ? args[i + 1] : "";
                }
                else {
                    continue;
                }
                if (first != null) {
                    return "option given twice: " + flag + (value.isEmpty() ? "" : " (first " + first + ", then " + value + ")");
                }
                first = value;
            }
        }
        return null;
    }

    private static boolean optionOfAnotherCommand(final CommandLine line, final String flag) {
        return line.getParent().getSubcommands().values().stream()
            .anyMatch(other -> other != line && other.getCommandSpec().findOption(flag) != null);
    }

    private static int failed(final Exception ex, final PrintStream err) {
        final int exitCode;
        final String message;
        if (ex instanceof ToolException) {
            exitCode = ((ToolException)ex).exitCode();
            message = ex.getMessage();
        }
        else if (ex instanceof SegmentException) {
            exitCode = EXIT_ERROR;
            message = ex.getMessage();
        }
        else {
            exitCode = EXIT_ERROR;
            message = "failed: " + ex;
        }
        err.println(PREFIX + message);
        err.flush();
        return exitCode;
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

    /**
     * {@code --version}: the version the build wrote into {@code version.properties}.
     */
    static final class Version implements IVersionProvider {

        @Override
        public String[] getVersion() throws IOException {
            final Properties properties = new Properties();
            try (InputStream in = OrbitStat.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"orbit-stat " + properties.getProperty("version", "unknown")};
        }
    }
}
