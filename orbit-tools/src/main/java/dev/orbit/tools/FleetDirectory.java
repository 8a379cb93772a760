package dev.orbit.tools;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentException;

/**
 * The directory orbit-stat reads fleets from, checked before anything is opened in it.
 */
final class FleetDirectory {

    private final Path path;
    private final int uid;

    private FleetDirectory(final Path path, final int uid) {
        this.path = path;
        this.uid = uid;
    }

    /**
     * @param path the directory.
     * @param uid  the uid whose fleets to look at.
     * @return the checked directory.
     * @throws ToolException naming the directory and the fix when it is missing, not a directory or unreadable.
     */
    static FleetDirectory open(final Path path, final int uid) {
        if (!Files.exists(path)) {
            throw new ToolException(OrbitStat.EXIT_ERROR, "directory does not exist: dir=" + path +
                " (pass --dir with the directory the fleet was started with; the default is " +
                SegmentNames.defaultDirectory() + ")");
        }
        if (!Files.isDirectory(path)) {
            throw new ToolException(OrbitStat.EXIT_ERROR, "not a directory: dir=" + path +
                " (pass --dir with the directory that holds the fleet's orbit-* files)");
        }
        if (!Files.isReadable(path) || !Files.isExecutable(path)) {
            throw new ToolException(OrbitStat.EXIT_ERROR, "directory not readable: dir=" + path +
                " (run orbit-stat as the fleet's user, or grant read and search permission on the directory)");
        }
        return new FleetDirectory(path, uid);
    }

    Path path() {
        return path;
    }

    int uid() {
        return uid;
    }

    /**
     * @return names of the fleets of this uid present here (those with a members file).
     */
    Set<String> fleets() {
        try {
            return SegmentNames.fleets(path, AccessMode.OWNER, uid);
        }
        catch (final SegmentException ex) {
            throw unreadable(ex);
        }
    }

    /**
     * @param fleet a valid fleet name.
     * @return the fleet's segment files (lock files excluded), sorted.
     */
    List<Path> segments(final String fleet) {
        try {
            return SegmentNames.fleetSegments(path, fleet, AccessMode.OWNER, uid);
        }
        catch (final SegmentException ex) {
            throw unreadable(ex);
        }
    }

    /**
     * @param fleet a valid fleet name.
     * @return the fleet's segment files.
     * @throws ToolException naming the fleet, the directory and the fleets present when there are none.
     */
    List<Path> requireFleet(final String fleet) {
        final List<Path> segments = segments(fleet);
        if (segments.isEmpty()) {
            final Set<String> present = fleets();
            throw new ToolException(OrbitStat.EXIT_ERROR, "unknown fleet: fleet=" + fleet + ", dir=" + path +
                ", uid=" + uid + " has no orbit-" + fleet + "-* files (" +
                (present.isEmpty() ? "no fleets there" : "fleets there: " + String.join(", ", present)) +
                "; check --fleet, or pass --dir with the directory the fleet runs in)");
        }
        return segments;
    }

    /**
     * @param file a path in this directory.
     * @return true when it is a regular file (links not followed).
     */
    static boolean isRegularFile(final Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    private ToolException unreadable(final SegmentException ex) {
        return new ToolException(OrbitStat.EXIT_ERROR, "directory not readable: dir=" + path + ": " + ex.getMessage() +
            " (run orbit-stat as the fleet's user, or grant read permission on the directory)", ex);
    }
}
