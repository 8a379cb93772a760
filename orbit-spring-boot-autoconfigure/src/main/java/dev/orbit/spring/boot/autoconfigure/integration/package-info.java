/**
 * Auto-configuration of Orbit's Spring Integration {@code LockRegistry}.
 */
package dev.orbit.spring.boot.autoconfigure.integration;
