package dev.orbit.ring;

/**
 * Test access to the ring's mid-write pause point (enabled by {@code -Ddev.orbit.ring.testHooks=true}).
 */
public final class RingTestHooks {

    private RingTestHooks() {
    }

    /**
     * @param hook runs in every writer between its CAS to WRITING and its CAS to COMMITTED; null to clear.
     */
    public static void midWrite(final Runnable hook) {
        BufferRing.midWriteHook = hook;
    }
}
