/**
 * The fleet's bridge across hosts (orbit-redis) in a Spring application: its health, meters and the hosts view.
 */
package dev.orbit.spring.bridge;
