/**
 * The one daemon thread that runs Orbit's periodic work in a Spring application.
 */
package dev.orbit.spring.scheduling;
