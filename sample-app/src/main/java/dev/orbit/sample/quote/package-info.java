/**
 * A slow computation behind {@code @Cacheable}: one sibling computes a quote, every sibling serves it.
 */
package dev.orbit.sample.quote;
