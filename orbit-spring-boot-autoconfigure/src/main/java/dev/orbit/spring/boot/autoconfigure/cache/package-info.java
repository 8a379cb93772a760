/**
 * Auto-configuration of Spring Cache over Orbit caches and of their Spring Boot cache metrics.
 */
package dev.orbit.spring.boot.autoconfigure.cache;
