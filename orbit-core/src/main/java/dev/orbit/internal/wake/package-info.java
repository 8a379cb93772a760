/**
 * Wake-up nudges between the processes of a fleet: Unix-domain sockets in the fleet directory; for Orbit's own modules, not an API.
 */
package dev.orbit.internal.wake;
