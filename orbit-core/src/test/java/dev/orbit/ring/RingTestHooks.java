package dev.orbit.ring;

/**
 * Test access to the ring's mid-write pause point and its wake-up nudges (enabled by {@code -Ddev.orbit.ring.testHooks=true}).
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

    /**
     * @param drop true to make every publisher in this JVM drop its nudges (as if each were lost), false to send
     *             them again.
     */
    public static void dropNudges(final boolean drop) {
        WakeHub.dropNudgesForTest = drop;
    }
}
