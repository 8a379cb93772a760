/**
 * Shared-memory segment files as users see them: their access modes, the errors that name a refused file, and the header layout every segment shares.
 */
package dev.orbit.shm;
