package dev.orbit.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the figures were measured on: date, CPUs, CPU model, memory, OS, JDK, redis-server.
 */
final class Machine {

    private Machine() {
    }

    /**
     * @param redisVersion the redis-server version line, or a reason there is none.
     * @return markdown bullet lines.
     */
    static List<String> describe(final String redisVersion) {
        final List<String> lines = new ArrayList<>();
        lines.add("- date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        lines.add("- nproc: " + Runtime.getRuntime().availableProcessors());
        lines.add("- CPU: " + cpuModel());
        lines.add("- memory: " + memTotal());
        lines.add("- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" +
            System.getProperty("os.arch") + ")");
        lines.add("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") +
            " (" + System.getProperty("java.vendor") + ")");
        lines.add("- redis-server: " + redisVersion);
        lines.add("- load average at start: " + loadAverage());
        return lines;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst().orElse("unknown (no model name in /proc/cpuinfo)");
        }
        catch (final IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String memTotal() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal"))
                .map(l -> {
                    final long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                    return (kb >> 20) + " GiB";
                })
                .findFirst().orElse("unknown");
        }
        catch (final IOException | NumberFormatException e) {
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (final IOException e) {
            return "unknown";
        }
    }
}
