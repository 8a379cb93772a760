/**
 * Spring Boot cache metrics ({@code cache.*}) for Orbit's Spring caches.
 */
package dev.orbit.spring.cache.metrics;
