/**
 * The live dashboard: one JSON view of this process's fleet, polled by the static page at {@code /}.
 */
package dev.orbit.sample.dashboard;
