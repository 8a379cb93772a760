/**
 * What the benchmarks need around them: a local redis-server, child JVMs, result files.
 */
package dev.orbit.bench.support;
