/**
 * Events between sibling processes: topics on one shared ring, subscribers with their own cursors.
 */
package dev.orbit.event;
