/**
 * Native-image hints for the record cache keys and cached value types of the application's beans.
 */
package dev.orbit.spring.aot;
