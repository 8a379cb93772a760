/**
 * Fixed-size values: records of primitives shared as the newest committed value.
 */
package dev.orbit.value;
