/**
 * Cross-process benchmarks: small mains that start their peer JVMs, measure, and write a result file and
 * HdrHistogram percentiles. Run by the suite; runnable alone with {@code key=value} arguments.
 */
package dev.orbit.bench.xproc;
