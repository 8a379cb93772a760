package dev.orbit.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs orbit-stat in this JVM through {@link OrbitStat#run} and keeps what it printed.
 */
record Tool(int exitCode, String out, String err) {

    static Tool run(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exitCode = OrbitStat.run(args, outStream, errStream);
        }
        return new Tool(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Tool run(final List<String> args) {
        return run(args.toArray(String[]::new));
    }
}
