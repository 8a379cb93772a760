/**
 * Auto-configuration of the {@code orbit} health indicator.
 */
package dev.orbit.spring.boot.autoconfigure.health;
