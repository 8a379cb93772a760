/**
 * Micrometer meters of an Orbit fleet under {@code orbit.*}.
 */
package dev.orbit.spring.metrics;
