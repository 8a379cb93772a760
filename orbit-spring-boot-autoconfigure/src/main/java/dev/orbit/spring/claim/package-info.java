/**
 * {@code @Claimed} methods: a method runs in at most one process of the fleet at a time, decided by a claim on
 * the fleet's contest (ShedLock without a database).
 */
package dev.orbit.spring.claim;
