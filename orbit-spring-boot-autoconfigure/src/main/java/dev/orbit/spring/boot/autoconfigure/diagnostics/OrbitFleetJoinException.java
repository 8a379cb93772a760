package dev.orbit.spring.boot.autoconfigure.diagnostics;

import java.nio.file.Path;

import dev.orbit.fleet.Fleet;

/**
 * Joining the configured fleet failed: the segments could not be created or attached, or the configured node
 * id is held by another live process. Carries what was asked for, so that
 * {@link OrbitFleetJoinFailureAnalyzer} can say what to change.
 */
public class OrbitFleetJoinException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String fleetName;

    private final Integer nodeId;

    private final boolean sharedMemory;

    private final transient Path directory;

    /**
     * @param fleetName    the fleet name.
     * @param nodeId       the configured node id, {@code null} when automatic.
     * @param sharedMemory whether a shared-memory fleet was joined.
     * @param directory    the configured directory, {@code null} for the default (which a shared-memory fleet
     *                     resolves to {@link Fleet#defaultDirectory()}).
     * @param cause        the core's exception.
     */
    public OrbitFleetJoinException(String fleetName, Integer nodeId, boolean sharedMemory, Path directory,
            Throwable cause) {
        super(message(fleetName, nodeId, sharedMemory, resolve(sharedMemory, directory), cause), cause);
        this.fleetName = fleetName;
        this.nodeId = nodeId;
        this.sharedMemory = sharedMemory;
        this.directory = resolve(sharedMemory, directory);
    }

    private static String message(String fleetName, Integer nodeId, boolean sharedMemory, Path directory,
            Throwable cause) {
        return "cannot join Orbit fleet: fleet=" + fleetName + ", nodeId=" + ((nodeId != null) ? nodeId : "auto")
                + ", sharedMemory=" + sharedMemory + ", directory=" + ((directory != null) ? directory : "none")
                + ": " + cause.getMessage();
    }

    private static Path resolve(boolean sharedMemory, Path directory) {
        if (directory != null || !sharedMemory) {
            return directory;
        }
        try {
            return Fleet.defaultDirectory();
        }
        catch (RuntimeException ex) {
            return null;
        }
    }

    /**
     * @return the fleet name.
     */
    public String getFleetName() {
        return this.fleetName;
    }

    /**
     * @return the configured node id, {@code null} when automatic.
     */
    public Integer getNodeId() {
        return this.nodeId;
    }

    /**
     * @return whether a shared-memory fleet was joined.
     */
    public boolean isSharedMemory() {
        return this.sharedMemory;
    }

    /**
     * @return the segment directory (the configured one, else the default), {@code null} for an in-process
     *         fleet.
     */
    public Path getDirectory() {
        return this.directory;
    }

}
