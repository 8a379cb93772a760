package dev.orbit.internal.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells how many bytes a directory's file store can still take; a seam so tests can simulate a full
 * {@code /dev/shm}.
 */
@FunctionalInterface
interface SpaceProbe
{
    /**
     * The bytes a new file in the directory may use.
     *
     * @param directory the directory.
     * @return usable bytes.
     * @throws IOException if the file store cannot be read.
     */
    long usableSpace(Path directory) throws IOException;

    /**
     * The real answer: {@link java.nio.file.FileStore#getUsableSpace()} of the directory's file store.
     *
     * @return the probe.
     */
    static SpaceProbe fileStore()
    {
        return directory -> Files.getFileStore(directory).getUsableSpace();
    }
}
