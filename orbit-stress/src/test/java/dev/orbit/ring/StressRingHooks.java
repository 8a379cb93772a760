package dev.orbit.ring;

/**
 * Test-only reach into the ring's mid-write pause point, so a child writer can widen the window between
 * claiming a slot and committing it (and be killed or stopped inside it). The hook runs only in JVMs started
 * with {@code -Ddev.orbit.ring.testHooks=true}.
 */
public final class StressRingHooks {

    private StressRingHooks() {
    }

    /**
     * @param hook runs in every write of this JVM after the frame's plain stores, before its commit; null clears.
     */
    public static void onMidWrite(final Runnable hook) {
        BufferRing.midWriteHook = hook;
    }
}
