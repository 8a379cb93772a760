/**
 * The one test kit of every module: a child-JVM launcher ({@link dev.orbit.testsupport.ChildJvm}), a deadline poll
 * ({@link dev.orbit.testsupport.Await}), a manual clock ({@link dev.orbit.testsupport.ManualClock}) and the
 * layering rules ({@link dev.orbit.testsupport.Layering}). It depends on no Orbit module, so the core's own tests
 * use it too.
 */
package dev.orbit.testsupport;
