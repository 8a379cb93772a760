package dev.orbit.fleet;

/**
 * Thrown by join when the configured node id is held by a live process, or when every membership slot is.
 */
public class NodeIdInUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String fleet;
    private final int nodeId;

    /**
     * @param fleet   the fleet.
     * @param nodeId  the node id asked for, -1 when none was.
     * @param message the full message.
     */
    public NodeIdInUseException(final String fleet, final int nodeId, final String message) {
        super(message);
        this.fleet = fleet;
        this.nodeId = nodeId;
    }

    /**
     * @return the fleet's name.
     */
    public String fleet() {
        return fleet;
    }

    /**
     * @return the node id asked for, -1 when none was.
     */
    public int nodeId() {
        return nodeId;
    }
}
