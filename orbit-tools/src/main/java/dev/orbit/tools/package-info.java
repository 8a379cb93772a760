/**
 * orbit-stat: a read-only command-line view of a fleet's members, rings and claims, and its listing and unlinking.
 */
package dev.orbit.tools;
