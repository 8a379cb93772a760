/**
 * Shared-memory segment files: creating, attaching and validating them.
 */
package dev.orbit.shm;
