/**
 * Spring Integration over the fleet's contest: a {@code LockRegistry} whose locks exclude across sibling
 * processes, usable by Spring Integration's {@code LockRegistryLeaderInitiator} for leader election.
 */
package dev.orbit.spring.integration;
