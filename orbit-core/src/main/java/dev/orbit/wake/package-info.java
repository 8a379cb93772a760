/**
 * Wake-up nudges between the processes of a fleet: Unix-domain sockets in the fleet directory.
 */
package dev.orbit.wake;
