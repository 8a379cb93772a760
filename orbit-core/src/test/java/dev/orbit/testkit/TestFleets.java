package dev.orbit.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.SegmentNames;

/**
 * Unique fleet names and clean-up of their segment files.
 */
public final class TestFleets {

    private TestFleets() {
    }

    /**
     * @param prefix a readable prefix.
     * @return a fleet name no other run uses.
     */
    public static String uniqueName(final String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * @return the directory tests put fleets in (/dev/shm where present).
     */
    public static Path directory() {
        return SegmentNames.defaultDirectory();
    }

    /**
     * Deletes every segment of a fleet, live members or not.
     *
     * @param name the fleet.
     */
    public static void unlink(final String name) {
        Fleet.unlink(directory(), name, true);
    }

    /**
     * @param name a fleet.
     * @return true when no file of that fleet is left in the directory.
     */
    public static boolean noFilesLeft(final String name) {
        try (var files = Files.list(directory())) {
            return files.noneMatch(p -> p.getFileName().toString().startsWith("orbit-" + name + "-"));
        }
        catch (final java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
