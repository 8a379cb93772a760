/**
 * Auto-configuration of an Orbit fleet: the fleet handle, its substrates, heartbeats and the event template.
 */
package dev.orbit.spring.boot.autoconfigure;
