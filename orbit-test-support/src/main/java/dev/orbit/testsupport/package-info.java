/**
 * The test kit every module shares: layering rules checked with ArchUnit.
 */
package dev.orbit.testsupport;
