package dev.orbit.spring.cache;

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
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty cache value");
        }
        byte tag = bytes[0];
        ByteBuffer body = ByteBuffer.wrap(bytes, 1, bytes.length - 1).slice().order(ByteOrder.LITTLE_ENDIAN);
        try {
            return switch (tag) {
                case BYTES -> Arrays.copyOfRange(bytes, 1, bytes.length);
                case STRING -> new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
                case INT -> exact(body, 4).getInt();
                case LONG -> exact(body, 8).getLong();
                case DOUBLE -> exact(body, 8).getDouble();
                case FLOAT -> exact(body, 4).getFloat();
                case SHORT -> exact(body, 2).getShort();
                case BYTE -> exact(body, 1).get();
                case BOOLEAN -> exact(body, 1).get() != 0;
                case BIG_INTEGER -> new BigInteger(new String(bytes, 1, bytes.length - 1, StandardCharsets.US_ASCII));
                case BIG_DECIMAL -> new BigDecimal(new String(bytes, 1, bytes.length - 1, StandardCharsets.US_ASCII));
                default -> decodeOther(tag, bytes);
            };
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("malformed cache value: tag=" + tag + ", length=" + bytes.length, ex);
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

    private static ByteBuffer exact(ByteBuffer body, int length) {
        if (body.remaining() != length) {
            throw new IllegalArgumentException("malformed cache value: expected " + length + " bytes, found "
                    + body.remaining());
        }
        return body;
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
