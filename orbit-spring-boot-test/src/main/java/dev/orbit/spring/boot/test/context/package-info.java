/**
 * A fleet of its own for every Spring test context ({@link dev.orbit.spring.boot.test.context.OrbitTestFleet}
 * to choose another).
 */
package dev.orbit.spring.boot.test.context;
