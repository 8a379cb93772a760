/**
 * Observations of publishes, listener invocations and claims ({@code orbit.publish}, {@code orbit.listener},
 * {@code orbit.claim}, {@code orbit.claim.hold}).
 */
package dev.orbit.spring.observation;
