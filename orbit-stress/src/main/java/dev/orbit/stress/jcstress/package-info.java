/** jcstress tests of the slot protocol; every allowed interleaving is named in an {@code @Outcome}. */
package dev.orbit.stress.jcstress;
