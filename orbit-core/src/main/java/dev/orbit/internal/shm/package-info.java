/**
 * Creating, attaching and validating segment files (behind {@code dev.orbit.shm}); for Orbit's own modules, not an API.
 */
package dev.orbit.internal.shm;
