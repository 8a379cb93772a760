/**
 * {@code @OrbitListener} methods: annotated bean methods that receive the fleet's events on their own listener
 * containers.
 */
package dev.orbit.spring.listener;
