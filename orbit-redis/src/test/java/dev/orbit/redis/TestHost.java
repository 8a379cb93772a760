package dev.orbit.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.orbit.fleet.Fleet;
import dev.orbit.shm.SegmentNames;
import dev.orbit.testkit.ChildJvm;

/**
 * A host in a test: its own fleet directory and host id, with member processes ({@link HostChild}) started on it.
 * Closing kills the members and removes the directory.
 */
final class TestHost implements AutoCloseable {

    private final String fleet;
    private final String hostId;
    private final String redisUri;
    private final Path directory;
    private final List<ChildJvm> members = new ArrayList<>();

    TestHost(final String fleet, final String hostId, final String redisUri) {
        this.fleet = fleet;
        this.hostId = hostId;
        this.redisUri = redisUri;
        try {
            this.directory = Files.createTempDirectory(SegmentNames.defaultDirectory(), "orbit-host-" + hostId + "-");
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    String hostId() {
        return hostId;
    }

    Path directory() {
        return directory;
    }

    /**
     * Starts a member and waits until it joined.
     */
    ChildJvm start() {
        final ChildJvm child = ChildJvm.start(HostChild.class, directory.toString(), fleet, hostId, redisUri);
        members.add(child);
        child.await(line -> line.startsWith("ready "), Duration.ofSeconds(60));
        return child;
    }

    /**
     * Starts a member and waits until it runs the host's bridge.
     */
    ChildJvm startBridge() {
        final ChildJvm child = start();
        awaitState(child, "ACTIVE");
        return child;
    }

    static void awaitState(final ChildJvm child, final String state) {
        child.await(line -> line.equals("state " + state), Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        members.forEach(ChildJvm::close);
        Fleet.unlink(directory, fleet, true);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ignored) {
            // best effort
        }
    }
}
