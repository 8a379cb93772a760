/**
 * The {@code orbit} actuator endpoint.
 */
package dev.orbit.spring.endpoint;
