package dev.orbit.fleet;

/**
 * Thrown by join when the configured node id is held by a live process, or when every membership slot is.
 */
public class NodeIdInUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String fleet;
    private final int nodeId;
    private final long pid;

    /**
     * @param fleet   the fleet.
     * @param nodeId  the node id asked for, -1 when none was.
     * @param pid     the pid of the live holder, 0 when no single holder is meant.
     * @param message the full message.
     */
    public NodeIdInUseException(final String fleet, final int nodeId, final long pid, final String message) {
        super(message);
        this.fleet = fleet;
        this.nodeId = nodeId;
        this.pid = pid;
    }

    /**
     * @return the pid of the live process holding the node id, 0 when every slot is held.
     */
    public long pid() {
        return pid;
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
