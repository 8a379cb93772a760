/**
 * Events: one sibling publishes with {@code OrbitTemplate}, every sibling's {@code @OrbitListener} receives.
 */
package dev.orbit.sample.events;
