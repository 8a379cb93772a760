/**
 * Failure analyzers that explain bad Orbit configuration and failed fleet joins.
 */
package dev.orbit.spring.boot.autoconfigure.diagnostics;
