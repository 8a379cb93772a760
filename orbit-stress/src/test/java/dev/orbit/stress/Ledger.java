package dev.orbit.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.orbit.internal.memory.BufferAccess;

/**
 * A writer's record of every publish it attempted, in a mapped file so it survives {@code kill -9}: entry
 * {@code seq} is the NetId64 the publish returned, or {@link #LOST} (the publish returned NULL). The count
 * is stored after the entry with a release store, so a reader after the writer died sees every entry whose
 * publish returned; at most the one publish in flight at the kill is missing.
 * <pre>
 *   0: count (u64)   8: entry 0 (u64)   16: entry 1 ...
 * </pre>
 */
final class Ledger implements AutoCloseable {

    /** Entry of a publish that returned NULL. */
    static final long LOST = 0L;
    private static final int COUNT_OFFSET = 0;
    private static final int ENTRIES_OFFSET = 8;

    private final MappedByteBuffer buffer;
    private final int capacity;
    private long count;

    private Ledger(final MappedByteBuffer buffer) {
        this.buffer = buffer;
        this.capacity = (buffer.capacity() - ENTRIES_OFFSET) / Long.BYTES;
    }

    /**
     * Creates a zeroed ledger for {@code capacity} entries (writer side).
     */
    static Ledger create(final Path file, final int capacity) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            final long length = ENTRIES_OFFSET + (long)capacity * Long.BYTES;
            channel.truncate(length);
            channel.write(java.nio.ByteBuffer.allocate(1), length - 1);
            return new Ledger(channel.map(FileChannel.MapMode.READ_WRITE, 0, length));
        }
        catch (final IOException ex) {
            throw new UncheckedIOException("cannot create ledger " + file, ex);
        }
    }

    /**
     * @return false when full: the writer must stop publishing.
     */
    boolean hasRoom() {
        return count < capacity;
    }

    /**
     * Records the result of publish number {@link #count()}.
     */
    void record(final long id) {
        final int offset = ENTRIES_OFFSET + (int)count * Long.BYTES;
        BufferAccess.putLong(buffer, offset, id);
        count++;
        BufferAccess.putLongRelease(buffer, COUNT_OFFSET, count);
    }

    long count() {
        return count;
    }

    /**
     * Reads how many publishes a (possibly still running) writer has recorded (test side).
     *
     * @return the count; 0 when the writer has not created its ledger yet.
     */
    static long count(final Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            return channel.read(bytes, COUNT_OFFSET) == Long.BYTES ? bytes.getLong(0) : 0;
        }
        catch (final java.nio.file.NoSuchFileException ex) {
            return 0;
        }
        catch (final IOException ex) {
            throw new UncheckedIOException("cannot read ledger " + file, ex);
        }
    }

    /**
     * Reads a ledger a writer left (test side).
     *
     * @return the recorded entries; none when the writer died before creating its ledger.
     */
    static long[] read(final Path file) {
        if (!Files.exists(file)) {
            return new long[0];
        }
        try {
            final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.capacity() < ENTRIES_OFFSET) {
                return new long[0];
            }
            final long count = bytes.getLong(COUNT_OFFSET);
            final long[] entries = new long[(int)count];
            for (int i = 0; i < count; i++) {
                entries[i] = bytes.getLong(ENTRIES_OFFSET + i * Long.BYTES);
            }
            return entries;
        }
        catch (final IOException ex) {
            throw new UncheckedIOException("cannot read ledger " + file, ex);
        }
    }

    @Override
    public void close() {
        buffer.force();
    }
}
