/**
 * Auto-configuration of the {@code orbit} actuator endpoint.
 */
package dev.orbit.spring.boot.autoconfigure.endpoint;
