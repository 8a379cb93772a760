package dev.orbit.spring.boot.autoconfigure.diagnostics;

import dev.orbit.fleet.NodeIdInUseException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link OrbitFleetJoinException}: which fleet, node id and directory, what the core said, and what
 * to change. A node id held by a live process ({@link NodeIdInUseException}), a full fleet, and segment files
 * that cannot be used each get their own advice.
 */
class OrbitFleetJoinFailureAnalyzer extends AbstractFailureAnalyzer<OrbitFleetJoinException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, OrbitFleetJoinException cause) {
        String reason = (cause.getCause() != null) ? String.valueOf(cause.getCause().getMessage()) : "unknown";
        String description = String.format("Orbit could not join fleet '%s'.%n%n    Node id: %s%n"
                + "    Backing: %s%n    Directory: %s%n    Reason: %s%n", cause.getFleetName(),
                (cause.getNodeId() != null) ? cause.getNodeId() : "automatic (orbit.fleet.node-id not set)",
                cause.isSharedMemory() ? "shared memory" : "in-process",
                (cause.getDirectory() != null) ? cause.getDirectory() : "none (in-process)", reason);
        return new FailureAnalysis(description, action(cause), cause);
    }

    private String action(OrbitFleetJoinException cause) {
        NodeIdInUseException inUse = findCause(cause, NodeIdInUseException.class);
        if (inUse != null && inUse.nodeId() < 0) {
            return String.format("Every membership slot of fleet '%s' is held by a live process. Stop a member, "
                    + "or give this process another fleet with orbit.fleet.name.", cause.getFleetName());
        }
        if (inUse != null) {
            return String.format("Node id %d of fleet '%s' is held by another live process. Either stop that "
                    + "process, set orbit.fleet.node-id to a free id, or remove orbit.fleet.node-id so that this "
                    + "process claims the first free slot.", inUse.nodeId(), cause.getFleetName());
        }
        return String.format("Check that the segment directory (orbit.shm.directory) exists, is writable by this "
                + "user and has free space, and that every process of fleet '%s' uses the same orbit.shm.* and "
                + "orbit.cache.* settings. To run without shared memory set orbit.shm.enabled=false.",
                cause.getFleetName());
    }

}
