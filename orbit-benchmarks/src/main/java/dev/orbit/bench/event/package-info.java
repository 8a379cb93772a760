/**
 * Event bus publish and poll.
 */
package dev.orbit.bench.event;
