package dev.orbit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.orbit.internal.memory.BufferAccess;

/**
 * A few 64-bit counters in a small mapped file, shared by test processes to check invariants such as
 * "never two holders inside the critical section".
 */
public final class SharedCounters {
    private static final int SLOTS = 8;

    private final MappedByteBuffer buffer;

    private SharedCounters(final MappedByteBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * @param file the file (created if absent, zero-filled).
     * @return counters mapped from it.
     */
    public static SharedCounters open(final Path file) {
        try (FileChannel channel = FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new SharedCounters(channel.map(FileChannel.MapMode.READ_WRITE, 0, SLOTS * 64L));
        }
        catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param index counter index 0..7.
     * @param delta amount to add.
     * @return the value after adding.
     */
    public long add(final int index, final long delta) {
        return BufferAccess.getAndAddLong(buffer, index * 64, delta) + delta;
    }

    /**
     * @param index counter index.
     * @return its value.
     */
    public long get(final int index) {
        return BufferAccess.getLongVolatile(buffer, index * 64);
    }

    /**
     * Raises a counter to {@code value} if larger.
     *
     * @param index counter index.
     * @param value candidate.
     * @return the previous value.
     */
    public long max(final int index, final long value) {
        while (true) {
            final long current = get(index);
            if (current >= value || BufferAccess.compareAndSetLong(buffer, index * 64, current, value)) {
                return current;
            }
        }
    }
}
