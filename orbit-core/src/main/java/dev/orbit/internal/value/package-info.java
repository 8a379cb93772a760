/**
 * The fixed little-endian layout of a record of primitives; for Orbit's own modules, not an API.
 */
package dev.orbit.internal.value;
