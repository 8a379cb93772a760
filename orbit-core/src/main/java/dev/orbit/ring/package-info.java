/**
 * Bounded, overwriting rings of frames over shared or process-local memory, their identifiers and cursors.
 */
package dev.orbit.ring;
