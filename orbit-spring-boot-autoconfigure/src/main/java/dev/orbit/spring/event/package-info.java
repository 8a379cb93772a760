/**
 * Publishing events to every process of a fleet: {@link dev.orbit.spring.event.OrbitTemplate} and the payload converters it shares with listeners.
 */
package dev.orbit.spring.event;
