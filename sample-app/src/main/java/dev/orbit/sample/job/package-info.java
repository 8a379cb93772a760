/**
 * A scheduled job that {@code @Claimed} keeps to one sibling at a time.
 */
package dev.orbit.sample.job;
