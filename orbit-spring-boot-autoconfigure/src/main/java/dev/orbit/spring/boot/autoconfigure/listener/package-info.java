/**
 * Auto-configuration of {@code @OrbitListener} methods and their listener containers.
 */
package dev.orbit.spring.boot.autoconfigure.listener;
