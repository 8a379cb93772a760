/** Shared pieces of the reliability proof: self-checking payloads, child-process mains and their reports. */
package dev.orbit.stress;
