/**
 * Seams for Orbit's own modules (the bridge between hosts): public so those modules can reach them, not an API
 * for applications; their shape may change in any release.
 */
package dev.orbit.internal;
