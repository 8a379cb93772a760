/**
 * Claims: exactly one process of a fleet holds a subject at a time, with fence tokens that grow per tenure.
 */
package dev.orbit.contest;
