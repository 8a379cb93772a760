package dev.orbit.internal.ring;

/**
 * Tells whether the node that owns a slot can still write to it. Only a slot whose owner is gone may be
 * taken over; a live owner's slot is never taken over, however long it stalls.
 */
@FunctionalInterface
public interface OwnerLiveness {

    /**
     * @param node the owner node in a slot's sequence word.
     * @return true when that node's process is known to be gone.
     */
    boolean isGone(int node);

    /**
     * @return liveness for a process-local ring: every owner is this process, never gone.
     */
    static OwnerLiveness neverGone() {
        return node -> false;
    }
}
