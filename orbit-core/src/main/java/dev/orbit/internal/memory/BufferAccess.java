package dev.orbit.internal.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one way Orbit reads and writes its memory: little-endian {@code short}, {@code int} and {@code long} fields at
 * byte offsets of a {@link ByteBuffer}, with the memory orderings Agrona's {@code AtomicBuffer} names
 * ({@code getLongAcquire}, {@code putLongRelease}, {@code compareAndSetLong}, {@code getAndAddLong}, ...), over JDK
 * {@link VarHandle}s, so that no JVM flag is needed.
 * <p>
 * Offsets are absolute (the buffer's position is ignored) and must be aligned to the field's size for the ordered
 * and atomic operations. Those need a direct or mapped buffer: JDK 25 refuses atomic access to heap buffers; plain
 * {@code get}/{@code put} work on any buffer. Every method is a single VarHandle call that the JIT inlines.
 */
public final class BufferAccess {

    private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private BufferAccess() {
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field.
     * @return the value, a plain read.
     */
    public static long getLong(final ByteBuffer buffer, final int index) {
        return (long)LONG.get(buffer, index);
    }

    /**
     * @param bytes an array.
     * @param index byte offset of the field.
     * @return the little-endian value there, a plain read.
     */
    public static long getLong(final byte[] bytes, final int index) {
        return (long)ARRAY_LONG.get(bytes, index);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field.
     * @param value  the value, a plain write.
     */
    public static void putLong(final ByteBuffer buffer, final int index, final long value) {
        LONG.set(buffer, index, value);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field, 8-byte aligned.
     * @return the value, with volatile semantics.
     */
    public static long getLongVolatile(final ByteBuffer buffer, final int index) {
        return (long)LONG.getVolatile(buffer, index);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field, 8-byte aligned.
     * @param value  the value, with volatile semantics.
     */
    public static void putLongVolatile(final ByteBuffer buffer, final int index, final long value) {
        LONG.setVolatile(buffer, index, value);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field, 8-byte aligned.
     * @return the value; later reads and writes are not reordered before it.
     */
    public static long getLongAcquire(final ByteBuffer buffer, final int index) {
        return (long)LONG.getAcquire(buffer, index);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field, 8-byte aligned.
     * @param value  the value; earlier reads and writes are not reordered after it.
     */
    public static void putLongRelease(final ByteBuffer buffer, final int index, final long value) {
        LONG.setRelease(buffer, index, value);
    }

    /**
     * @param buffer   the memory.
     * @param index    byte offset of the field, 8-byte aligned.
     * @param expected the value the field must hold.
     * @param value    the value to set.
     * @return whether the field held {@code expected} and now holds {@code value}, atomically.
     */
    public static boolean compareAndSetLong(
        final ByteBuffer buffer, final int index, final long expected, final long value) {
        return LONG.compareAndSet(buffer, index, expected, value);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field, 8-byte aligned.
     * @param delta  the amount to add.
     * @return the value before the addition, atomically.
     */
    public static long getAndAddLong(final ByteBuffer buffer, final int index, final long delta) {
        return (long)LONG.getAndAdd(buffer, index, delta);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field, 8-byte aligned.
     * @param mask   the bits to set.
     * @return the value before the bits were set, atomically.
     */
    public static long getAndBitwiseOrLong(final ByteBuffer buffer, final int index, final long mask) {
        return (long)LONG.getAndBitwiseOr(buffer, index, mask);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field, 8-byte aligned.
     * @param mask   the bits to keep (the others are cleared).
     * @return the value before the bits were cleared, atomically.
     */
    public static long getAndBitwiseAndLong(final ByteBuffer buffer, final int index, final long mask) {
        return (long)LONG.getAndBitwiseAnd(buffer, index, mask);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field.
     * @return the value, a plain read.
     */
    public static int getInt(final ByteBuffer buffer, final int index) {
        return (int)INT.get(buffer, index);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field.
     * @param value  the value, a plain write.
     */
    public static void putInt(final ByteBuffer buffer, final int index, final int value) {
        INT.set(buffer, index, value);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field, 4-byte aligned.
     * @return the value, with volatile semantics.
     */
    public static int getIntVolatile(final ByteBuffer buffer, final int index) {
        return (int)INT.getVolatile(buffer, index);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field, 4-byte aligned.
     * @return the value; later reads and writes are not reordered before it.
     */
    public static int getIntAcquire(final ByteBuffer buffer, final int index) {
        return (int)INT.getAcquire(buffer, index);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field, 4-byte aligned.
     * @param value  the value; earlier reads and writes are not reordered after it.
     */
    public static void putIntRelease(final ByteBuffer buffer, final int index, final int value) {
        INT.setRelease(buffer, index, value);
    }

    /**
     * @param buffer   the memory.
     * @param index    byte offset of the field, 4-byte aligned.
     * @param expected the value the field must hold.
     * @param value    the value to set.
     * @return whether the field held {@code expected} and now holds {@code value}, atomically.
     */
    public static boolean compareAndSetInt(final ByteBuffer buffer, final int index, final int expected, final int value) {
        return INT.compareAndSet(buffer, index, expected, value);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field.
     * @return the value, a plain read.
     */
    public static short getShort(final ByteBuffer buffer, final int index) {
        return (short)SHORT.get(buffer, index);
    }

    /**
     * @param buffer the memory.
     * @param index  byte offset of the field.
     * @param value  the value, a plain write.
     */
    public static void putShort(final ByteBuffer buffer, final int index, final short value) {
        SHORT.set(buffer, index, value);
    }
}
