/**
 * Memory access for every Orbit layout: one helper over JDK VarHandles, with Agrona's names.
 */
package dev.orbit.internal.memory;
