package dev.orbit.bench.suite;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Everything one run measured: JMH scores by benchmark and parameters, the cross-process result files by
 * name, and why any group was skipped.
 */
final class Results {

    private final Map<String, Double> jmh = new TreeMap<>();
    private final Map<String, Map<String, String>> xproc = new TreeMap<>();
    private final Map<String, String> skipped = new TreeMap<>();
    private final boolean smoke;

    Results(final boolean smoke) {
        this.smoke = smoke;
    }

    boolean smoke() {
        return smoke;
    }

    /**
     * @param key   e.g. {@code RingPublishBenchmark.publish[payload=64]}.
     * @param score ns/op.
     */
    void putJmh(final String key, final double score) {
        jmh.put(key, score);
    }

    void addJmh(final Collection<RunResult> runs) {
        for (final RunResult run : runs) {
            if (run.getPrimaryResult() != null) {
                putJmh(keyOf(run.getParams()), run.getPrimaryResult().getScore());
                final Result<?> alloc = allocation(run);
                if (alloc != null) {
                    putJmh(keyOf(run.getParams()) + ALLOC, alloc.getScore());
                }
            }
        }
    }

    /** Appended to a JMH key: bytes allocated per operation (JMH's gc profiler, {@code gc.alloc.rate.norm}). */
    static final String ALLOC = "#alloc";

    private static Result<?> allocation(final RunResult run) {
        for (final Map.Entry<String, Result> secondary : run.getSecondaryResults().entrySet()) {
            if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                return secondary.getValue();
            }
        }
        return null;
    }

    /**
     * @param params a benchmark's parameters.
     * @return {@code SimpleClass.method} plus {@code [name=value,...]} of its parameters, the Redis port left out.
     */
    static String keyOf(final BenchmarkParams params) {
        final String full = params.getBenchmark();
        final int method = full.lastIndexOf('.');
        final int type = full.lastIndexOf('.', method - 1);
        final StringBuilder key = new StringBuilder(full.substring(type + 1));
        final StringBuilder values = new StringBuilder();
        for (final String name : new java.util.TreeSet<>(params.getParamsKeys())) {
            if (!name.equals("redisPort")) {
                values.append(values.length() == 0 ? "" : ",").append(name).append('=').append(params.getParam(name));
            }
        }
        if (values.length() > 0) {
            key.append('[').append(values).append(']');
        }
        return key.toString();
    }

    OptionalDouble jmh(final String key) {
        final Double score = jmh.get(key);
        return score == null ? OptionalDouble.empty() : OptionalDouble.of(score);
    }

    Map<String, Double> allJmh() {
        return jmh;
    }

    void putXproc(final String name, final Map<String, String> values) {
        xproc.put(name, values);
    }

    Optional<Map<String, String>> xproc(final String name) {
        return Optional.ofNullable(xproc.get(name));
    }

    OptionalDouble xproc(final String name, final String key) {
        final Map<String, String> values = xproc.get(name);
        if (values == null || values.get(key) == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(values.get(key)));
        }
        catch (final NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    void skip(final String group, final String reason) {
        skipped.put(group, reason);
    }

    Optional<String> skipped(final String group) {
        return Optional.ofNullable(skipped.get(group));
    }

    Map<String, String> allSkipped() {
        return skipped;
    }
}
