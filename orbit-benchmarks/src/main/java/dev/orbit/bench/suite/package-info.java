/**
 * The one-command suite: runs the JMH benchmarks and the cross-process mains, keeps the raw results and
 * prints one table with absolute figures, ratios, goals and pass/miss.
 */
package dev.orbit.bench.suite;
