package dev.orbit.spring.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes {@code byte[]}, {@link String}, {@link Boolean} and the {@code java.lang} / {@code java.math} number
 * types, each as a one-byte type tag followed by its little-endian or UTF-8 form; refuses any other type (such
 * values are not cached). The default when Jackson is absent.
 * <pre>
 *  tag  type         body
 *  0x01 byte[]       the bytes
 *  0x02 String       UTF-8
 *  0x03 Integer      4 bytes LE
 *  0x04 Long         8 bytes LE
 *  0x05 Double       8 bytes LE (IEEE 754)
 *  0x06 Float        4 bytes LE (IEEE 754)
 *  0x07 Short        2 bytes LE
 *  0x08 Byte         1 byte
 *  0x09 Boolean      1 byte (0 or 1)
 *  0x0A BigInteger   decimal text, UTF-8
 *  0x0B BigDecimal   decimal text, UTF-8
 * </pre>
 */
public class SimpleOrbitValueCodec implements OrbitValueCodec {

    /** Tags from this value up are left to subclasses. */
    protected static final byte FIRST_EXTENSION_TAG = 0x20;

    private static final byte BYTES = 0x01;

    private static final byte STRING = 0x02;

    private static final byte INT = 0x03;

    private static final byte LONG = 0x04;

    private static final byte DOUBLE = 0x05;

    private static final byte FLOAT = 0x06;

    private static final byte SHORT = 0x07;

    private static final byte BYTE = 0x08;

    private static final byte BOOLEAN = 0x09;

    private static final byte BIG_INTEGER = 0x0A;

    private static final byte BIG_DECIMAL = 0x0B;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    @Override
    public byte[] encode(Object value) {
        if (value instanceof byte[] bytes) {
            return tagged(BYTES, bytes);
        }
        if (value instanceof String text) {
            return tagged(STRING, text.getBytes(StandardCharsets.UTF_8));
        }
        if (value instanceof Integer number) {
            return buffer(INT, 4).putInt(number).array();
        }
        if (value instanceof Long number) {
            return buffer(LONG, 8).putLong(number).array();
        }
        if (value instanceof Double number) {
            return buffer(DOUBLE, 8).putDouble(number).array();
        }
        if (value instanceof Float number) {
            return buffer(FLOAT, 4).putFloat(number).array();
        }
        if (value instanceof Short number) {
            return buffer(SHORT, 2).putShort(number).array();
        }
        if (value instanceof Byte number) {
            return new byte[] { BYTE, number };
        }
        if (value instanceof Boolean flag) {
            return new byte[] { BOOLEAN, (byte) (flag ? 1 : 0) };
        }
        if (value instanceof BigInteger number) {
            return tagged(BIG_INTEGER, number.toString().getBytes(StandardCharsets.US_ASCII));
        }
        if (value instanceof BigDecimal number) {
            return tagged(BIG_DECIMAL, number.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return encodeOther(value);
    }

    /**
     * Encodes a value of a type this codec does not know; the result must start with a tag of
     * {@link #FIRST_EXTENSION_TAG} or more.
     *
     * @param value the value.
     * @return its bytes.
     */
    protected byte[] encodeOther(Object value) {
        throw new IllegalArgumentException("cannot cache a value of type " + value.getClass().getName()
                + " without Jackson: cache byte[], String, Boolean or numbers, add tools.jackson.core:jackson-databind, "
                + "or declare an OrbitValueCodec bean");
    }

    @Override
    public Object decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length, true);
    }

    /**
     * Reads the bytes where they are when the buffer has an accessible array, else through a per-thread scratch
     * array, so that only the value is allocated.
     */
    @Override
    public Object decode(ByteBuffer buffer, int offset, int length) {
        if (buffer.hasArray()) {
            return decode(buffer.array(), buffer.arrayOffset() + offset, length, false);
        }
        Scratch scratch = SCRATCH.get();
        if (scratch.busy || length > Scratch.MAX_KEPT) {
            scratch = new Scratch(length); // a decode within a decode, or a value too large to keep a copy of
        }
        scratch.busy = true;
        try {
            byte[] bytes = scratch.bytes(length);
            buffer.get(offset, bytes, 0, length);
            return decode(bytes, 0, length, false);
        }
        finally {
            scratch.busy = false;
        }
    }

    /**
     * @param owned whether {@code bytes} is the caller's own array, which an extension may keep.
     */
    private Object decode(byte[] bytes, int offset, int length, boolean owned) {
        if (length == 0) {
            throw new IllegalArgumentException("empty cache value");
        }
        byte tag = bytes[offset];
        int body = offset + 1;
        int bodyLength = length - 1;
        try {
            return switch (tag) {
                case BYTES -> Arrays.copyOfRange(bytes, body, body + bodyLength);
                case STRING -> new String(bytes, body, bodyLength, StandardCharsets.UTF_8);
                case INT -> (int) INT_LE.get(bytes, exact(body, bodyLength, 4));
                case LONG -> (long) LONG_LE.get(bytes, exact(body, bodyLength, 8));
                case DOUBLE -> Double.longBitsToDouble((long) LONG_LE.get(bytes, exact(body, bodyLength, 8)));
                case FLOAT -> Float.intBitsToFloat((int) INT_LE.get(bytes, exact(body, bodyLength, 4)));
                case SHORT -> (short) SHORT_LE.get(bytes, exact(body, bodyLength, 2));
                case BYTE -> bytes[exact(body, bodyLength, 1)];
                case BOOLEAN -> bytes[exact(body, bodyLength, 1)] != 0;
                case BIG_INTEGER -> new BigInteger(new String(bytes, body, bodyLength, StandardCharsets.US_ASCII));
                case BIG_DECIMAL -> new BigDecimal(new String(bytes, body, bodyLength, StandardCharsets.US_ASCII));
                default -> (owned && offset == 0 && length == bytes.length) ? decodeOther(tag, bytes)
                        : decodeOther(tag, bytes, offset, length);
            };
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("malformed cache value: tag=" + tag + ", length=" + length, ex);
        }
    }

    /**
     * Decodes a value whose tag this codec does not know.
     *
     * @param tag   the first byte.
     * @param bytes the whole encoding, tag included.
     * @return the value.
     */
    protected Object decodeOther(byte tag, byte[] bytes) {
        throw new IllegalArgumentException("unknown cache value encoding: tag=" + tag + ", length=" + bytes.length
                + " (written by another codec?)");
    }

    /**
     * Decodes a value whose tag this codec does not know, where it lies in an array that is not the caller's (the
     * cache's private copy, or a scratch array reused by the next decode). The default copies the encoding out and
     * calls {@link #decodeOther(byte, byte[])}; override it to read in place, without keeping the array.
     *
     * @param tag    the first byte.
     * @param bytes  holds the whole encoding, tag included; valid only during the call.
     * @param offset index of the tag.
     * @param length the encoding's length.
     * @return the value.
     */
    protected Object decodeOther(byte tag, byte[] bytes, int offset, int length) {
        return decodeOther(tag, Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * @return {@code body}, when the body has {@code expected} bytes.
     */
    private static int exact(int body, int bodyLength, int expected) {
        if (bodyLength != expected) {
            throw new IllegalArgumentException("malformed cache value: expected " + expected + " bytes, found "
                    + bodyLength);
        }
        return body;
    }

    /**
     * A thread's array for bytes that lie outside the heap.
     */
    private static final class Scratch {

        /** Longest array kept between decodes. */
        static final int MAX_KEPT = 64 * 1024;

        private byte[] bytes;

        boolean busy;

        Scratch() {
            this(256);
        }

        Scratch(int length) {
            this.bytes = new byte[length];
        }

        byte[] bytes(int length) {
            if (this.bytes.length < length) {
                this.bytes = new byte[Math.max(length, Math.min(2 * this.bytes.length, MAX_KEPT))];
            }
            return this.bytes;
        }

    }

    private static ByteBuffer buffer(byte tag, int length) {
        return ByteBuffer.allocate(1 + length).order(ByteOrder.LITTLE_ENDIAN).put(tag);
    }

    private static byte[] tagged(byte tag, byte[] body) {
        byte[] out = new byte[1 + body.length];
        out[0] = tag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

}
