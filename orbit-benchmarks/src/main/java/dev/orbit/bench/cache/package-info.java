/**
 * Cache get and put visibility: OrbitCache next to Caffeine (in-process) and Redis via Lettuce.
 */
package dev.orbit.bench.cache;
