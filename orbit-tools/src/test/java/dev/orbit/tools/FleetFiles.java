package dev.orbit.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.orbit.internal.shm.SegmentNames;

/**
 * Test directories for fleets, and what their files look like.
 */
final class FleetFiles {

    private FleetFiles() {
    }

    /**
     * @return a new empty directory in the default fleet directory (/dev/shm where present), for one test.
     */
    static Path newDirectory() throws IOException {
        return Files.createTempDirectory(SegmentNames.defaultDirectory(), "orbit-stat-test-");
    }

    /**
     * Deletes a test directory and every file in it.
     */
    static void delete(final Path dir) throws IOException {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /**
     * @return the names of the files in a directory, sorted.
     */
    static List<String> names(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * One file as found: size, modification time and a digest of every byte.
     */
    record FileState(long size, FileTime modified, String sha256) {
    }

    /**
     * @return every file of the directory (segments and lock files alike) by name; a member's wake-up socket has no
     *     content to hash, only its size and time.
     */
    static Map<String, FileState> state(final Path dir) throws IOException {
        final Map<String, FileState> state = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path file : files.toList()) {
                state.put(file.getFileName().toString(), new FileState(Files.size(file),
                    Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS),
                    Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? sha256(file) : "not a regular file"));
            }
        }
        return state;
    }

    private static String sha256(final Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (final NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
