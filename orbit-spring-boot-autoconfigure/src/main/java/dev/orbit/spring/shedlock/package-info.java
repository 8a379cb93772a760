/**
 * A ShedLock {@code LockProvider} over the fleet's contest: {@code @SchedulerLock} methods run in one sibling
 * process at a time, with no database.
 */
package dev.orbit.spring.shedlock;
