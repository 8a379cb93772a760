package dev.orbit.bench.xproc;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * HdrHistograms of nanoseconds: creation, the raw log and percentile files, and the summary figures.
 */
final class Histograms {

    private Histograms() {
    }

    /**
     * @return a histogram of 1 ns .. 60 s at 3 significant digits.
     */
    static Histogram nanos() {
        return new Histogram(1, TimeUnit.SECONDS.toNanos(60), 3);
    }

    /**
     * Writes {@code <base>.hlog} (the histogram itself, for HistogramLogProcessor and plotters) and
     * {@code <base>.hgrm} (its percentile distribution in microseconds).
     *
     * @param histogram the histogram.
     * @param base      path without extension.
     */
    static void save(final Histogram histogram, final Path base) {
        try {
            Files.createDirectories(base.toAbsolutePath().getParent());
            try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(base + ".hlog")), false, "UTF-8")) {
                final HistogramLogWriter writer = new HistogramLogWriter(out);
                writer.outputLogFormatVersion();
                writer.outputLegend();
                writer.outputIntervalHistogram(histogram);
            }
            try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(base + ".hgrm")), false, "UTF-8")) {
                histogram.outputPercentileDistribution(out, 1000.0);
            }
        }
        catch (final IOException e) {
            throw new UncheckedIOException("cannot write histogram: base=" + base, e);
        }
    }

    /**
     * @param histogram a histogram of nanoseconds.
     * @param prefix    key prefix.
     * @return count, mean, p50, p90, p99, p99.9 and max in nanoseconds.
     */
    static Map<String, Object> summary(final Histogram histogram, final String prefix) {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put(prefix + "count", histogram.getTotalCount());
        values.put(prefix + "mean.ns", Math.round(histogram.getMean()));
        values.put(prefix + "p50.ns", histogram.getValueAtPercentile(50));
        values.put(prefix + "p90.ns", histogram.getValueAtPercentile(90));
        values.put(prefix + "p99.ns", histogram.getValueAtPercentile(99));
        values.put(prefix + "p999.ns", histogram.getValueAtPercentile(99.9));
        values.put(prefix + "max.ns", histogram.getMaxValue());
        return values;
    }

    /**
     * @param histogram a child process's histogram of nanoseconds.
     * @return the line a child prints to hand its figures to the parent: {@code RESULT count p50 p99 p99.9 max mean}.
     */
    static String resultLine(final Histogram histogram) {
        return "RESULT " + histogram.getTotalCount() + " " + histogram.getValueAtPercentile(50) + " " +
            histogram.getValueAtPercentile(99) + " " + histogram.getValueAtPercentile(99.9) + " " +
            histogram.getMaxValue() + " " + Math.round(histogram.getMean());
    }

    /**
     * Reads a {@link #resultLine} into {@code delivery.*} figures.
     *
     * @param line   the child's line.
     * @param result where the figures go.
     */
    static void putDelivery(final String line, final Map<String, Object> result) {
        final String[] figures = line.split(" ");
        result.put("delivery.count", Long.parseLong(figures[1]));
        result.put("delivery.p50.ns", Long.parseLong(figures[2]));
        result.put("delivery.p99.ns", Long.parseLong(figures[3]));
        result.put("delivery.p999.ns", Long.parseLong(figures[4]));
        result.put("delivery.max.ns", Long.parseLong(figures[5]));
        result.put("delivery.mean.ns", Long.parseLong(figures[6]));
    }
}
