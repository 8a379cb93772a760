/**
 * The ring implementation: the slot protocol over a {@link java.nio.ByteBuffer}, its cursors and factories; for Orbit's own modules, not an API.
 */
package dev.orbit.internal.ring;
