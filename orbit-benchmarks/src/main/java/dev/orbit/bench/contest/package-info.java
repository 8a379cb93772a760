/**
 * Claim and release: Orbit's Contest next to ShedLock with its Redis provider.
 */
package dev.orbit.bench.contest;
