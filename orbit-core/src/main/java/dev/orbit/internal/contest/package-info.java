/**
 * The contest implementation: the claims table segment, its lock and details words, the audit trail and their layouts; for Orbit's own modules, not an API.
 */
package dev.orbit.internal.contest;
