/**
 * A byte-keyed cache shared by sibling processes, answered in O(1) from a per-process index over its ring.
 */
package dev.orbit.cache;
