package dev.orbit.internal.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a test compares to prove a file was not changed: contents (regular files), size, modification time,
 * permissions and type. Symbolic links are not followed.
 */
record FileSnapshot(ByteBuffer content, long size, FileTime lastModified, Set<PosixFilePermission> permissions,
    boolean regularFile, boolean symbolicLink)
{
    static FileSnapshot of(final Path file) throws IOException
    {
        final PosixFileAttributes attributes =
            Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        final ByteBuffer content = attributes.isRegularFile() ? ByteBuffer.wrap(Files.readAllBytes(file)) : null;

        return new FileSnapshot(content, attributes.size(), attributes.lastModifiedTime(), attributes.permissions(),
            attributes.isRegularFile(), attributes.isSymbolicLink());
    }

    void assertUnchanged(final Path file) throws IOException
    {
        assertThat(of(file)).as("file %s must be unchanged", file).isEqualTo(this);
    }
}
