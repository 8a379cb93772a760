package dev.orbit.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import dev.orbit.testsupport.ChildJvm;

/**
 * One test's fleet name and the files it creates under /dev/shm. Every file a test or its children create
 * carries the name, so {@link #close()} removes them all (segments, lock files, ledgers, hostile fixtures),
 * whatever state the children left.
 */
final class ShmScope implements AutoCloseable {

    static final Path SHM = Path.of("/dev/shm");

    private final String fleet;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    ShmScope(final String what) {
        this.fleet = "stress-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * @return the unique fleet name.
     */
    String fleet() {
        return fleet;
    }

    /**
     * @param suffix distinguishes the file.
     * @return a path under /dev/shm that {@link #close()} removes.
     */
    Path file(final String suffix) {
        return SHM.resolve("stressfile-" + fleet + "-" + suffix);
    }

    /**
     * Starts a child JVM that is closed (killed if still running) with this scope: small and C1-only, with a
     * 512 KB thread stack and stderr among its lines.
     *
     * @param name a name for messages.
     * @param main the child's main class.
     * @param args its arguments.
     * @return the running child.
     */
    ChildJvm start(final String name, final Class<?> main, final String... args) {
        return track(ChildJvm.of(main).name(name).jvmArgs("-Xss512k").mergeStderr().args(args).start());
    }

    /**
     * @param closeable closed (in reverse order) before the files are removed; children are killed this way.
     * @return the closeable.
     */
    <T extends AutoCloseable> T track(final T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    /**
     * @return files under /dev/shm whose name carries this scope's fleet name.
     */
    List<Path> files() {
        try (Stream<Path> files = Files.list(SHM)) {
            return files.filter(p -> p.getFileName().toString().contains(fleet)).sorted().toList();
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            }
            catch (final Exception ignored) {
                // keep closing the rest
            }
        }
        for (final Path path : files()) {
            deleteTree(path);
        }
    }

    static void deleteTree(final Path path) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    for (final Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            else {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex) {
            throw new UncheckedIOException("cannot remove test file " + path, ex);
        }
    }
}
