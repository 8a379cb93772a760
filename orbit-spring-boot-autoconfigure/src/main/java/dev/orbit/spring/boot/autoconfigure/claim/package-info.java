/**
 * Auto-configuration of {@code @Claimed} methods.
 */
package dev.orbit.spring.boot.autoconfigure.claim;
