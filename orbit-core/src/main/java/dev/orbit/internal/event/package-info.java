/**
 * The event bus implementation over one ring, and its factory; for Orbit's own modules, not an API.
 */
package dev.orbit.internal.event;
