/**
 * Heartbeats of fleet members and snapshots of who is alive, stale or missing.
 */
package dev.orbit.heartbeat;
