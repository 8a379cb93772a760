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
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.testsupport.ChildJvm;

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
    private final String[] options;

    TestHost(final String fleet, final String hostId, final String redisUri, final String... options) {
        this.options = options;
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

    String fleet() {
        return fleet;
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
        final String[] args = new String[4 + options.length];
        args[0] = directory.toString();
        args[1] = fleet;
        args[2] = hostId;
        args[3] = redisUri;
        System.arraycopy(options, 0, args, 4, options.length);
        final ChildJvm child = ChildJvm.start(HostChild.class, args);
        members.add(child);
        child.awaitLine(line -> line.startsWith("ready "), Duration.ofSeconds(60));
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
        child.awaitLine(line -> line.equals("state " + state), Duration.ofSeconds(60));
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
