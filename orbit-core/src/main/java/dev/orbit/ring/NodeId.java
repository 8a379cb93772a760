package dev.orbit.ring;

/**
 * Node ids are unsigned 16-bit numbers carried in every {@link NetId64}. A shared-memory fleet on one host
 * hands out node ids below its membership capacity.
 */
public final class NodeId {

    /** Largest node id. */
    public static final int MAX = 0xFFFF;

    private NodeId() {
    }

    /**
     * @param node a candidate node id.
     * @return {@code node}.
     * @throws IllegalArgumentException naming the value when outside 0..65535.
     */
    public static int validate(final int node) {
        if (node < 0 || node > MAX) {
            throw new IllegalArgumentException("node id out of range: nodeId=" + node + ", expected 0.." + MAX);
        }
        return node;
    }
}
