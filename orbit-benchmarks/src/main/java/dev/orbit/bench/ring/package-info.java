/**
 * Ring publish and read, in-process, next to Agrona's broadcast and many-to-one ring buffers.
 */
package dev.orbit.bench.ring;
