package dev.orbit.tools;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import dev.orbit.internal.shm.SegmentNames;

/**
 * The options more than one command takes, as picocli mixins. Each option is validated when it is read: a bad or
 * repeated value is a {@link ParameterException} naming it (exit code {@link OrbitStat#EXIT_USAGE}).
 */
final class Options {

    /** Shortest refresh interval. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(10);

    /** Longest refresh interval. */
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    /** Default refresh interval. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** Default heartbeat age beyond which a live member is shown stale: three missed beats at the default 1 s. */
    static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(3);

    private Options() {
    }

    /**
     * @param spec  the command the option belongs to.
     * @param flag  the option.
     * @param first its first value, {@code null} when not given yet.
     * @param then  the value given now, {@code null} for a flag.
     * @throws ParameterException when the option was given before.
     */
    static void once(final CommandSpec spec, final String flag, final Object first, final String then) {
        if (first != null) {
            throw new ParameterException(spec.commandLine(), "option given twice: " + flag +
                (then == null ? "" : " (first " + first + ", then " + then + ")"));
        }
    }

    /**
     * @param spec the command the option belongs to.
     * @param flag the option, for the message.
     * @param text its value.
     * @return the duration.
     * @throws ParameterException naming the option and value when the text is no duration.
     */
    static Duration duration(final CommandSpec spec, final String flag, final String text) {
        try {
            return Durations.parse(flag, text);
        }
        catch (final UsageException ex) {
            throw new ParameterException(spec.commandLine(), ex.getMessage());
        }
    }

    /** {@code --fleet NAME}: required. */
    static final class Fleet {

        @Spec(Spec.Target.MIXEE)
        private CommandSpec spec;

        private String name;

        @Option(names = "--fleet", paramLabel = "NAME", required = true, description = "the fleet's name")
        void name(final String value) {
            once(spec, "--fleet", name, value);
            try {
                name = SegmentNames.validateFleetName(value);
            }
            catch (final IllegalArgumentException ex) {
                throw new ParameterException(spec.commandLine(),
                    ex.getMessage() + " (--fleet takes the name the fleet was built with)");
            }
        }

        String name() {
            return name;
        }
    }

    /** {@code --dir DIR}. */
    static final class Dir {

        @Spec(Spec.Target.MIXEE)
        private CommandSpec spec;

        private Path path;

        @Option(names = "--dir", paramLabel = "DIR",
            description = "the fleet directory (default /dev/shm, or java.io.tmpdir without /dev/shm)")
        void path(final String value) {
            once(spec, "--dir", path, value);
            if (value.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "empty value: --dir needs a directory");
            }
            try {
                path = Path.of(value);
            }
            catch (final InvalidPathException ex) {
                throw new ParameterException(spec.commandLine(),
                    "invalid path: --dir=" + value + " (" + ex.getReason() + ")");
            }
        }

        /**
         * @return the directory given, else the default fleet directory.
         */
        Path path() {
            return path != null ? path : SegmentNames.defaultDirectory();
        }
    }

    /** {@code --json}. */
    static final class Json {

        @Spec(Spec.Target.MIXEE)
        private CommandSpec spec;

        private Boolean json;

        @Option(names = "--json", arity = "0",
            description = "JSON instead of text: one document per snapshot, one per line")
        void json(final boolean value) {
            once(spec, "--json", json, null);
            json = value;
        }

        boolean json() {
            return json != null && json;
        }
    }
}
