/**
 * Benchmarks of Orbit side by side with what a user would otherwise pick, run by {@code orbit-benchmarks/run.sh}.
 */
package dev.orbit.bench;
