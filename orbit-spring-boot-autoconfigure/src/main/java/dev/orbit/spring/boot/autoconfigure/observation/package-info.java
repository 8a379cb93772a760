/**
 * Auto-configuration of Orbit's Micrometer observations.
 */
package dev.orbit.spring.boot.autoconfigure.observation;
