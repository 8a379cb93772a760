package dev.orbit.internal.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

import dev.orbit.internal.memory.BufferAccess;
import dev.orbit.shm.SegmentException;

import static dev.orbit.shm.SegmentDescriptor.CREATED_AT_OFFSET;
import static dev.orbit.shm.SegmentDescriptor.CREATOR_PID_OFFSET;
import static dev.orbit.shm.SegmentDescriptor.FORMAT_VERSION;
import static dev.orbit.shm.SegmentDescriptor.FORMAT_VERSION_OFFSET;
import static dev.orbit.shm.SegmentDescriptor.HEADER_LENGTH;
import static dev.orbit.shm.SegmentDescriptor.HEADER_LENGTH_OFFSET;
import static dev.orbit.shm.SegmentDescriptor.LENGTH_OFFSET;
import static dev.orbit.shm.SegmentDescriptor.MAGIC;
import static dev.orbit.shm.SegmentDescriptor.MAGIC_OFFSET;
import static dev.orbit.shm.SegmentDescriptor.TYPE_TAG_OFFSET;

/**
 * A segment file mapped into memory, created or attached safely while sibling processes do the same.
 * <p>
 * Creating and attaching are serialised on the segment's lock file ({@link SegmentNames#lockFile}), so one process
 * creates and the others attach. A new file is created exclusively ({@code O_EXCL}), given the access mode's exact
 * permissions and filled with zeros before it is mapped, so a full {@code /dev/shm} fails with an exception
 * rather than with {@code SIGBUS}. The creator writes the header and the spec's fields, then publishes the magic
 * last with a release store. Attaching refuses anything but a regular file of the expected owner, mode and size
 * holding a published segment of the expected format, type and spec, and never writes, truncates or resizes it.
 * A segment without magic found under the lock was left half-created by a creator that died: it is refused until
 * removed with {@link #unlink(Path)}.
 * <p>
 * Closing drops this handle's reference; nothing is ever deleted except by {@link #unlink(Path)}.
 */
public final class MappedSegment implements AutoCloseable
{
    /**
     * Ordered access to int fields of the header; the header is page-aligned, so every int field is aligned.
     */

    /**
     * Zeros are written through the channel in chunks of this many bytes.
     */
    private static final int ZERO_FILL_CHUNK_LENGTH = 1 << 20;

    private static final String SEGMENT = "segment";

    private final Path path;
    private final boolean created;
    private final boolean readOnly;
    private volatile ByteBuffer buffer;

    private MappedSegment(final Path path, final ByteBuffer buffer, final boolean created, final boolean readOnly)
    {
        this.path = path;
        this.buffer = buffer;
        this.created = created;
        this.readOnly = readOnly;
    }

    /**
     * Creates the segment if absent, else attaches to it.
     *
     * @param file    the segment file.
     * @param spec    what the segment must be.
     * @param options access mode, expected ids and lock timeout.
     * @return the mapped segment; {@link #created()} tells which happened.
     * @throws SegmentException if the segment cannot be created, or the existing file is refused.
     */
    public static MappedSegment openOrCreate(final Path file, final SegmentSpec spec, final SegmentOptions options)
    {
        return openOrCreate(file, spec, options, SpaceProbe.fileStore());
    }

    /**
     * {@link #openOrCreate(Path, SegmentSpec, SegmentOptions)} with a seam for the free space check.
     */
    static MappedSegment openOrCreate(
        final Path file, final SegmentSpec spec, final SegmentOptions options, final SpaceProbe spaceProbe)
    {
        final int length = mappableLength(file, spec, options);
        try (SegmentLock lock = SegmentLock.exclusive(SegmentNames.lockFile(file), options))
        {
            final FileChannel channel = SegmentFiles.createNew(file, options.mode());
            if (null == channel)
            {
                return attachLocked(file, spec, options, length, false, lock);
            }
            return create(file, channel, spec, options, length, spaceProbe);
        }
        catch (final IOException ex)
        {
            throw new SegmentException("cannot create segment " + file + ": " + ex + ", " + spec.describe(), ex);
        }
    }

    /**
     * Attaches to an existing segment for reading and writing; never creates one.
     *
     * @param file    the segment file.
     * @param spec    what the segment must be.
     * @param options access mode, expected ids and lock timeout.
     * @return the mapped segment.
     * @throws SegmentException if there is no such file, or it is refused.
     */
    public static MappedSegment attach(final Path file, final SegmentSpec spec, final SegmentOptions options)
    {
        final int length = mappableLength(file, spec, options);
        requireExists(file);
        try (SegmentLock lock = SegmentLock.exclusive(SegmentNames.lockFile(file), options))
        {
            return attachLocked(file, spec, options, length, false, lock);
        }
    }

    /**
     * Attaches to an existing segment for reading only, as tools do while a fleet runs: the file is opened for
     * reading and mapped read-only, and its lock file is never created nor opened for writing (a shared lock waits
     * for a creator to finish). The buffer is {@link ByteBuffer#isReadOnly() read-only}.
     *
     * @param file    the segment file.
     * @param spec    what the segment must be.
     * @param options access mode, expected ids and lock timeout.
     * @return the read-only mapped segment.
     * @throws SegmentException if there is no such file, or it is refused.
     */
    public static MappedSegment attachReadOnly(final Path file, final SegmentSpec spec, final SegmentOptions options)
    {
        final int length = mappableLength(file, spec, options);
        requireExists(file);
        try (SegmentLock lock = SegmentLock.shared(SegmentNames.lockFile(file), options))
        {
            return attachLocked(file, spec, options, length, true, lock);
        }
    }

    /**
     * Reads the common header of a segment without mapping or writing anything, e.g. to learn the type of a segment
     * before choosing its spec. The file gets the same checks as on attach, except for its size, which need only
     * hold a header; the values are returned as found (see {@link SegmentHeader#isPublished()}).
     *
     * @param file    the segment file.
     * @param options access mode, expected ids and lock timeout.
     * @return the header.
     * @throws SegmentException if there is no such file, or it is refused.
     */
    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    public static SegmentHeader readHeader(final Path file, final SegmentOptions options)
    {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        requireExists(file);
        try (SegmentLock ignore = SegmentLock.shared(SegmentNames.lockFile(file), options);
            FileChannel channel = openChecked(file, options, true, null))
        {
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining())
            {
                if (channel.read(header, header.position()) < 0)
                {
                    throw SegmentException.refusing(file, "ended after " + header.position() + " bytes, expected " +
                        HEADER_LENGTH + " bytes for a segment header");
                }
            }

            return new SegmentHeader(
                header.getInt(MAGIC_OFFSET),
                header.getInt(FORMAT_VERSION_OFFSET),
                header.getInt(TYPE_TAG_OFFSET),
                header.getLong(LENGTH_OFFSET));
        }
        catch (final IOException ex)
        {
            throw new SegmentException("cannot read segment " + file + ": " + ex, ex);
        }
    }

    /**
     * Removes a segment and its lock file, after any creator or attacher in progress has finished. Processes that
     * mapped the segment keep their mapping of the removed file, and the next creator makes a new one: remove only
     * segments no live process uses.
     *
     * @param file the segment file.
     * @return whether the segment existed.
     * @throws SegmentException if the name is a directory, or the files cannot be removed.
     */
    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    public static boolean unlink(final Path file)
    {
        Objects.requireNonNull(file, "file");
        final Path lockFile = SegmentNames.lockFile(file);
        try (SegmentLock ignore = SegmentLock.forRemoval(lockFile, SegmentOptions.DEFAULT_LOCK_TIMEOUT))
        {
            final FileStatus status = FileStatus.readIfExists(file);
            if (null != status && status.isDirectory())
            {
                throw new SegmentException("refusing to remove segment " + file + ": type=" + status.typeName() +
                    ", expected type=regular file");
            }
            final boolean existed = Files.deleteIfExists(file);
            Files.deleteIfExists(lockFile); // while locked: a waiter then finds the name gone and locks afresh

            return existed;
        }
        catch (final IOException ex)
        {
            throw new SegmentException("cannot remove segment " + file + " or lock file " + lockFile + ": " + ex, ex);
        }
    }

    /**
     * The whole file, little-endian, page-aligned; the same buffer on every call. Use absolute (index-based)
     * access only: its position and limit are shared by every user of this segment.
     *
     * @return the mapped buffer.
     * @throws IllegalStateException if this segment is closed.
     */
    public ByteBuffer buffer()
    {
        final ByteBuffer buffer = this.buffer;
        if (null == buffer)
        {
            throw new IllegalStateException("segment closed: file=" + path);
        }
        return buffer;
    }

    /**
     * The segment file.
     *
     * @return the path it was opened with.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Whether this call created the file, rather than attached to an existing one.
     *
     * @return true if created.
     */
    public boolean created()
    {
        return created;
    }

    /**
     * Whether the segment is mapped read-only ({@link #attachReadOnly}).
     *
     * @return true if read-only.
     */
    public boolean readOnly()
    {
        return readOnly;
    }

    /**
     * Drops this handle's reference to the mapping; {@link #buffer()} then throws. JDK 17 has no supported unmap:
     * the mapping is released once no buffer referring to it remains reachable. Never deletes the file.
     */
    public void close()
    {
        buffer = null;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "MappedSegment{file=" + path + ", created=" + created + ", readOnly=" + readOnly +
            ", closed=" + (null == buffer) + "}";
    }

    private static MappedSegment create(
        final Path file,
        final FileChannel channel,
        final SegmentSpec spec,
        final SegmentOptions options,
        final int length,
        final SpaceProbe spaceProbe) throws IOException
    {
        try (channel)
        {
            SegmentFiles.secureCreated(file, SEGMENT, options);
            requireSpace(file, spec, length, spaceProbe);
            writeZeros(file, channel, length);

            final ByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, length)
                .order(ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(TYPE_TAG_OFFSET, spec.typeTag());
            buffer.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
            buffer.putLong(LENGTH_OFFSET, length);
            buffer.putLong(CREATED_AT_OFFSET, System.currentTimeMillis());
            buffer.putLong(CREATOR_PID_OFFSET, ProcessHandle.current().pid());
            spec.initialise(view(buffer));
            buffer.putInt(FORMAT_VERSION_OFFSET, FORMAT_VERSION);
            BufferAccess.putIntRelease(buffer, MAGIC_OFFSET, MAGIC);

            return new MappedSegment(file, buffer, true, false);
        }
        catch (final IOException | SegmentException | Error ex)
        {
            SegmentFiles.deleteAfterFailure(file, ex);
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            SegmentFiles.deleteAfterFailure(file, ex);
            throw new SegmentException("cannot create segment " + file + ": " + ex + ", " + spec.describe(), ex);
        }
    }

    private static MappedSegment attachLocked(
        final Path file,
        final SegmentSpec spec,
        final SegmentOptions options,
        final int length,
        final boolean readOnly,
        final SegmentLock lock)
    {
        try (FileChannel channel = openChecked(file, options, readOnly, spec))
        {
            final ByteBuffer buffer = channel.map(
                readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE, 0, length)
                .order(ByteOrder.LITTLE_ENDIAN);
            requireHeader(file, buffer, spec, lock);
            spec.validate(view(buffer), file);

            return new MappedSegment(file, buffer, false, readOnly);
        }
        catch (final NoSuchFileException ex)
        {
            throw new SegmentException("no segment " + file + ": it was removed while attaching", ex);
        }
        catch (final IOException ex)
        {
            throw new SegmentException("cannot attach segment " + file + ": " + ex + ", " + spec.describe(), ex);
        }
    }

    /**
     * Checks the file, opens it without following links, then checks that the name still refers to the file that
     * was checked.
     *
     * @param spec the spec whose length the file must have, or null if it need only hold a header.
     */
    private static FileChannel openChecked(
        final Path file, final SegmentOptions options, final boolean readOnly, final SegmentSpec spec)
        throws IOException
    {
        final FileStatus before = FileStatus.read(file);
        before.requireSafe(file, SEGMENT, options);
        requireSize(file, before.size(), spec);

        final FileChannel channel = SegmentFiles.openExisting(file, readOnly);
        try
        {
            final FileStatus after = FileStatus.read(file);
            if (!after.isSameFile(before))
            {
                throw SegmentException.refusing(file, "ino=" + after.ino() + " dev=" + after.dev() +
                    " after opening, expected ino=" + before.ino() + " dev=" + before.dev() +
                    " as checked before opening (the file was replaced meanwhile: find out by whom)");
            }
            requireSize(file, after.size(), spec);

            return channel;
        }
        catch (final IOException | RuntimeException ex)
        {
            SegmentFiles.closeQuietly(channel, ex);
            throw ex;
        }
    }

    private static void requireSize(final Path file, final long size, final SegmentSpec spec)
    {
        if (null == spec)
        {
            if (size < HEADER_LENGTH)
            {
                throw SegmentException.refusing(file, "size=" + size + ", expected at least " + HEADER_LENGTH +
                    " bytes for a segment header (a creator died while writing it, or it is no Orbit segment:" +
                    " remove it with MappedSegment.unlink(path))");
            }
        }
        else if (size != spec.length())
        {
            throw SegmentException.refusing(file, "size=" + size + ", expected length=" + spec.length() + " for " +
                spec.describe() + " (a segment of another spec, or a creator died while writing it: remove it" +
                " with MappedSegment.unlink(path) once no process uses it)");
        }
    }

    private static void requireHeader(
        final Path file, final ByteBuffer buffer, final SegmentSpec spec, final SegmentLock lock)
    {
        final int magic = BufferAccess.getIntAcquire(buffer, MAGIC_OFFSET);
        if (MAGIC != magic)
        {
            if (0 == magic)
            {
                throw SegmentException.refusing(file, "magic=" + hex(magic) + ", expected magic=" + hex(MAGIC) +
                    ": the segment is half-created, its creator died before publishing it" +
                    (lock.isHeldAcrossProcesses() ? "" : " or is still creating it (no lock file to wait on)") +
                    "; remove it with MappedSegment.unlink(path) and open it again");
            }
            throw SegmentException.refusing(file, "magic=" + hex(magic) + ", expected magic=" + hex(MAGIC) +
                " (not an Orbit segment: remove the file)");
        }

        final int formatVersion = buffer.getInt(FORMAT_VERSION_OFFSET);
        if (FORMAT_VERSION != formatVersion)
        {
            throw SegmentException.refusing(file, "formatVersion=" + formatVersion + ", expected formatVersion=" +
                FORMAT_VERSION + " (written by another Orbit version: stop the processes that use it, then remove it)");
        }

        final int typeTag = buffer.getInt(TYPE_TAG_OFFSET);
        if (spec.typeTag() != typeTag)
        {
            throw SegmentException.refusing(file, "typeTag=" + typeTag + ", expected typeTag=" + spec.typeTag() +
                " for " + spec.describe());
        }

        final int headerLength = buffer.getInt(HEADER_LENGTH_OFFSET);
        if (HEADER_LENGTH != headerLength)
        {
            throw SegmentException.refusing(file, "headerLength=" + headerLength + ", expected headerLength=" +
                HEADER_LENGTH);
        }

        final long length = buffer.getLong(LENGTH_OFFSET);
        if (spec.length() != length)
        {
            throw SegmentException.refusing(file, "length=" + length + ", expected length=" + spec.length() +
                " for " + spec.describe());
        }
    }

    private static int mappableLength(final Path file, final SegmentSpec spec, final SegmentOptions options)
    {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(options, "options");

        final long length = spec.length();
        if (length < HEADER_LENGTH || length > Integer.MAX_VALUE)
        {
            throw new SegmentException("cannot map segment " + file + ": length=" + length + ", expected " +
                HEADER_LENGTH + ".." + Integer.MAX_VALUE + " (one mapped buffer) for " + spec.describe());
        }
        return (int)length;
    }

    private static void requireExists(final Path file)
    {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS))
        {
            throw new SegmentException("no segment " + file + ": the file does not exist");
        }
    }

    private static void requireSpace(
        final Path file, final SegmentSpec spec, final int length, final SpaceProbe spaceProbe) throws IOException
    {
        final Path directory = file.toAbsolutePath().getParent();
        final long usableSpace = spaceProbe.usableSpace(directory);
        if (length > usableSpace)
        {
            throw new SegmentException("not enough space for segment " + file + ": length=" + length +
                ", usableSpace=" + usableSpace + ", directory=" + directory + " for " + spec.describe() +
                " (enlarge " + directory + ", e.g. docker --shm-size, or lower the ring capacity)");
        }
    }

    /**
     * Writes the whole file so that a full file store fails here with an {@link IOException}: pages of a sparse file
     * on a full tmpfs fail at first touch with {@code SIGBUS}, which kills the JVM.
     */
    private static void writeZeros(final Path file, final FileChannel channel, final int length)
    {
        final ByteBuffer zeros = ByteBuffer.allocateDirect(Math.min(ZERO_FILL_CHUNK_LENGTH, length));
        long position = 0;
        try
        {
            while (position < length)
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), length - position));
                position += channel.write(zeros, position);
            }
        }
        catch (final IOException ex)
        {
            throw new SegmentException("cannot fill segment " + file + ": length=" + length + ", written=" +
                position + ": " + ex + " (is the directory full? enlarge it or lower the ring capacity)", ex);
        }
    }

    /**
     * A little-endian view of the whole buffer for a spec, so it cannot move this segment's position or limit.
     */
    private static ByteBuffer view(final ByteBuffer buffer)
    {
        return buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String hex(final int value)
    {
        return String.format("0x%08x", value);
    }
}
