/**
 * Auto-configuration of the {@code orbit.*} Micrometer meters.
 */
package dev.orbit.spring.boot.autoconfigure.metrics;
