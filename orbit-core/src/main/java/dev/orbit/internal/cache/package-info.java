/**
 * The cache implementation: a per-process index over the cache's ring, and its factory; for Orbit's own modules, not an API.
 */
package dev.orbit.internal.cache;
