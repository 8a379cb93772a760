/**
 * Fleet handles, membership of sibling processes and their liveness.
 */
package dev.orbit.fleet;
