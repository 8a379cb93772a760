package dev.orbit.bench.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The result of one cross-process run: flat {@code key=value} pairs in {@code <name>.properties}, read back by
 * the suite to build the table.
 */
public final class ResultFile {

    private ResultFile() {
    }

    /**
     * @param file   where to write.
     * @param values the figures.
     */
    public static void write(final Path file, final Map<String, ?> values) {
        final Properties properties = new Properties();
        new TreeMap<>(values).forEach((k, v) -> properties.setProperty(k, String.valueOf(v)));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(writer, "orbit-benchmarks cross-process result");
            }
        }
        catch (final IOException e) {
            throw new UncheckedIOException("cannot write result: file=" + file, e);
        }
    }

    /**
     * @param file a result file.
     * @return its figures.
     */
    public static Map<String, String> read(final Path file) {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (final IOException e) {
            throw new UncheckedIOException("cannot read result: file=" + file, e);
        }
        final Map<String, String> values = new TreeMap<>();
        properties.forEach((k, v) -> values.put((String)k, (String)v));
        return values;
    }
}
