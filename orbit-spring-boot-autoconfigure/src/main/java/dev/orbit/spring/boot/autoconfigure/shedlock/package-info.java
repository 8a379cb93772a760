/**
 * Auto-configuration of Orbit's ShedLock {@code LockProvider}.
 */
package dev.orbit.spring.boot.autoconfigure.shedlock;
