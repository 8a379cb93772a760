/**
 * The {@code orbit} health indicator.
 */
package dev.orbit.spring.health;
