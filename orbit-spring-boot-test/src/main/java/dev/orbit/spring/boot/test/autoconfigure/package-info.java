/**
 * Orbit in Spring Boot test slices.
 */
package dev.orbit.spring.boot.test.autoconfigure;
