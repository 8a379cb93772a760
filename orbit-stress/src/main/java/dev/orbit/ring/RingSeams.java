package dev.orbit.ring;

/**
 * Test-only reach into the ring for the jcstress tests: the second half of a publish, for a writer that
 * reserved its counter earlier (its {@code getAndAdd} on the head happened before the test's interleaving
 * starts). orbit-core keeps this seam package-private; nothing outside tests calls it.
 */
public final class RingSeams {

    private RingSeams() {
    }

    /**
     * Writes {@code payload} (frame kind 0, version 0) at an already reserved {@code counter}, exactly as the
     * publish that reserved it would.
     *
     * @param ring    a ring from {@link Rings}.
     * @param counter the reserved counter.
     * @param payload the payload.
     * @return the frame's id, or {@link NetId64#NULL} when the write was lost.
     */
    public static long publishAt(final Ring ring, final long counter, final byte[] payload) {
        return ((BufferRing)ring).publishAtForTest(counter, payload);
    }
}
