package dev.orbit.internal.value;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fixed little-endian binary layout of a record whose components are all primitives, computed once per
 * class and shared through {@link #of(Class)}.
 * <p>
 * Components are packed in declaration order with no padding and no header, so the layout of
 * <pre>{@code record WorkerLoad(int queued, boolean draining, double cpu) {}}</pre>
 * is {@code queued} at offset 0 (4 bytes), {@code draining} at offset 4 (1 byte) and {@code cpu} at offset 5
 * (8 bytes), {@link #size()} 13 bytes. Every multi-byte value is written little-endian whatever the
 * {@link ByteBuffer#order() order} of the buffer it is written to, so processes on one host always agree.
 * <table>
 *   <caption>Component encodings</caption>
 *   <tr><th>Type</th><th>Bytes</th><th>Encoding</th></tr>
 *   <tr><td>{@code boolean}</td><td>1</td><td>1 for true, 0 for false; any non-zero byte decodes as true</td></tr>
 *   <tr><td>{@code byte}</td><td>1</td><td>two's complement</td></tr>
 *   <tr><td>{@code short}</td><td>2</td><td>two's complement, little-endian</td></tr>
 *   <tr><td>{@code char}</td><td>2</td><td>UTF-16 code unit, little-endian</td></tr>
 *   <tr><td>{@code int}</td><td>4</td><td>two's complement, little-endian</td></tr>
 *   <tr><td>{@code long}</td><td>8</td><td>two's complement, little-endian</td></tr>
 *   <tr><td>{@code float}</td><td>4</td><td>IEEE 754 binary32 raw bits (NaN payloads kept), little-endian</td></tr>
 *   <tr><td>{@code double}</td><td>8</td><td>IEEE 754 binary64 raw bits (NaN payloads kept), little-endian</td></tr>
 * </table>
 * Any other component type (a reference, an array, a boxed primitive, a nested record) is rejected by
 * {@link #of(Class)}, as is a record with no components.
 * <p>
 * The record need not be public: its canonical constructor and accessors are looked up with
 * {@link MethodHandles#privateLookupIn(Class, MethodHandles.Lookup)}, which succeeds for any record on the class
 * path and for a record in a named module that opens its package to Orbit; otherwise the record must be public in
 * an exported package.
 * <p>
 * The accessors and the canonical constructor are bound into method handles once, when the layout is built.
 * Encoding allocates nothing and decoding allocates only the returned record. Both use plain memory access: the
 * caller provides any ordering with other threads or processes (see {@code Orbital}). Bytes are addressed
 * absolutely, the buffer's position and limit are not changed, and a layout that does not fit between
 * {@code offset} and the buffer's limit (or the array's length) is refused with an
 * {@link IndexOutOfBoundsException} before any byte is written. A compact canonical constructor that validates
 * its arguments runs on every decode and its exception propagates unchanged.
 * <p>
 * Instances are immutable and thread-safe.
 *
 * @param <T> the record type.
 */
public final class RecordLayout<T extends Record>
{
    /**
     * Length in bytes of an encoded {@code boolean} component.
     */
    static final int BOOLEAN_LENGTH = 1;

    /**
     * Byte written for a {@code true} boolean component.
     */
    static final byte TRUE_BYTE = 1;

    /**
     * Byte written for a {@code false} boolean component; any other byte decodes as {@code true}.
     */
    static final byte FALSE_BYTE = 0;

    private static final String ALLOWED_TYPES = "boolean, byte, short, char, int, long, float, double";

    private static final ClassValue<RecordLayout<?>> LAYOUTS = new ClassValue<>()
    {
        protected RecordLayout<?> computeValue(final Class<?> type)
        {
            return build(type);
        }
    };

    private final Class<T> type;
    private final int size;
    private final List<Component> components;
    private final MethodHandle bufferEncoder;
    private final MethodHandle bufferDecoder;
    private final MethodHandle arrayEncoder;
    private final MethodHandle arrayDecoder;

    /**
     * Where one record component lives in the layout.
     *
     * @param name   of the record component.
     * @param type   of the record component, always a primitive class such as {@code int.class}.
     * @param offset of the component's first byte from the start of the encoded record.
     * @param length of the component in bytes.
     */
    public record Component(String name, Class<?> type, int offset, int length)
    {
    }

    private RecordLayout(
        final Class<T> type,
        final int size,
        final List<Component> components,
        final MethodHandle bufferEncoder,
        final MethodHandle bufferDecoder,
        final MethodHandle arrayEncoder,
        final MethodHandle arrayDecoder)
    {
        this.type = type;
        this.size = size;
        this.components = components;
        this.bufferEncoder = bufferEncoder;
        this.bufferDecoder = bufferDecoder;
        this.arrayEncoder = arrayEncoder;
        this.arrayDecoder = arrayDecoder;
    }

    /**
     * The layout of a record class, built and validated on first use and then returned from a per-class cache.
     *
     * @param type the record class.
     * @param <T>  the record type.
     * @return the layout of {@code type}, the same instance on every call.
     * @throws IllegalArgumentException if {@code type} is not a record, has no components, has a component that
     *                                  is not one of the supported primitives, or cannot be accessed.
     */
    @SuppressWarnings("unchecked")
    public static <T extends Record> RecordLayout<T> of(final Class<T> type)
    {
        Objects.requireNonNull(type, "type");
        return (RecordLayout<T>)LAYOUTS.get(type);
    }

    /**
     * The record class this layout encodes.
     *
     * @return the record class this layout encodes.
     */
    public Class<T> type()
    {
        return type;
    }

    /**
     * Length in bytes of an encoded record: the sum of its component lengths.
     *
     * @return length in bytes of an encoded record.
     */
    public int size()
    {
        return size;
    }

    /**
     * The components in declaration order with their offsets and lengths, for documentation and tools.
     *
     * @return an unmodifiable list of the components in declaration order.
     */
    public List<Component> components()
    {
        return components;
    }

    /**
     * Write a record at an absolute offset of a buffer, little-endian whatever the buffer's order.
     *
     * @param value  to encode.
     * @param buffer to write to: heap, direct or mapped; its position, limit and order are unchanged.
     * @param offset of the first byte to write.
     * @throws IndexOutOfBoundsException if {@code offset + size()} bytes do not fit below the buffer's limit.
     * @throws java.nio.ReadOnlyBufferException if the buffer is read-only.
     */
    public void encode(final T value, final ByteBuffer buffer, final int offset)
    {
        Objects.requireNonNull(value, "value");
        checkBounds(offset, buffer.limit());
        try
        {
            bufferEncoder.invokeExact(buffer, offset, (Record)value);
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("record accessor failed: type=" + type.getName(), ex);
        }
    }

    /**
     * Read a record from an absolute offset of a buffer, little-endian whatever the buffer's order.
     *
     * @param buffer to read from: heap, direct or mapped; its position, limit and order are unchanged.
     * @param offset of the first byte to read.
     * @return a new record holding the decoded components.
     * @throws IndexOutOfBoundsException if {@code offset + size()} bytes do not fit below the buffer's limit.
     */
    public T decode(final ByteBuffer buffer, final int offset)
    {
        checkBounds(offset, buffer.limit());
        try
        {
            return cast((Record)bufferDecoder.invokeExact(buffer, offset));
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("canonical constructor failed: type=" + type.getName(), ex);
        }
    }

    /**
     * Write a record at an offset of a byte array, little-endian.
     *
     * @param value  to encode.
     * @param bytes  to write to.
     * @param offset of the first byte to write.
     * @throws IndexOutOfBoundsException if {@code offset + size()} bytes do not fit in the array.
     */
    public void encode(final T value, final byte[] bytes, final int offset)
    {
        Objects.requireNonNull(value, "value");
        checkBounds(offset, bytes.length);
        try
        {
            arrayEncoder.invokeExact(bytes, offset, (Record)value);
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("record accessor failed: type=" + type.getName(), ex);
        }
    }

    /**
     * Read a record from an offset of a byte array, little-endian.
     *
     * @param bytes  to read from.
     * @param offset of the first byte to read.
     * @return a new record holding the decoded components.
     * @throws IndexOutOfBoundsException if {@code offset + size()} bytes do not fit in the array.
     */
    public T decode(final byte[] bytes, final int offset)
    {
        checkBounds(offset, bytes.length);
        try
        {
            return cast((Record)arrayDecoder.invokeExact(bytes, offset));
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("canonical constructor failed: type=" + type.getName(), ex);
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "RecordLayout{type=" + type.getName() + ", size=" + size + ", components=" + components + '}';
    }

    @SuppressWarnings("unchecked")
    private T cast(final Record record)
    {
        // The decoder's constructor handle returns exactly T; its type was only widened to Record.
        return (T)record;
    }

    private void checkBounds(final int offset, final int capacity)
    {
        if (offset < 0 || offset > capacity - size)
        {
            throw new IndexOutOfBoundsException(
                "record does not fit: type=" + type.getName() + ", offset=" + offset + ", size=" + size +
                ", capacity=" + capacity);
        }
    }

    private static RecordLayout<?> build(final Class<?> type)
    {
        if (!type.isRecord())
        {
            throw new IllegalArgumentException(
                "not a record: class=" + type.getName() + "; a RecordLayout maps a record whose components are " +
                "all of the types " + ALLOWED_TYPES);
        }

        return buildRecord(type.asSubclass(Record.class));
    }

    private static <T extends Record> RecordLayout<T> buildRecord(final Class<T> type)
    {
        final RecordComponent[] recordComponents = type.getRecordComponents();
        if (recordComponents.length == 0)
        {
            throw new IllegalArgumentException(
                "record has no components: class=" + type.getName() + "; a RecordLayout needs at least one " +
                "component of the types " + ALLOWED_TYPES);
        }

        final Primitive[] primitives = new Primitive[recordComponents.length];
        final StringBuilder rejected = new StringBuilder();
        int rejectedCount = 0;
        for (int i = 0; i < recordComponents.length; i++)
        {
            final RecordComponent component = recordComponents[i];
            primitives[i] = Primitive.of(component.getType());
            if (null == primitives[i])
            {
                rejected.append(", component=").append(component.getName())
                    .append(", type=").append(component.getType().getTypeName());
                rejectedCount++;
            }
        }

        if (rejectedCount > 0)
        {
            throw new IllegalArgumentException(
                (1 == rejectedCount ? "unsupported record component" : "unsupported record components") +
                ": class=" + type.getName() + rejected + "; allowed component types are " + ALLOWED_TYPES);
        }

        final MethodHandles.Lookup lookup = lookupFor(type);
        final List<Component> components = new ArrayList<>(recordComponents.length);
        final Class<?>[] parameterTypes = new Class<?>[recordComponents.length];
        final MethodHandle[] accessors = new MethodHandle[recordComponents.length];
        int offset = 0;
        for (int i = 0; i < recordComponents.length; i++)
        {
            final RecordComponent component = recordComponents[i];
            final Class<?> componentType = component.getType();
            components.add(new Component(component.getName(), componentType, offset, primitives[i].length));
            parameterTypes[i] = componentType;
            accessors[i] = findAccessor(lookup, type, component);
            offset += primitives[i].length;
        }

        final MethodHandle constructor = findConstructor(lookup, type, parameterTypes);
        return new RecordLayout<>(
            type,
            offset,
            List.copyOf(components),
            encoder(ByteBuffer.class, components, primitives, accessors, type),
            decoder(ByteBuffer.class, components, primitives, constructor),
            encoder(byte[].class, components, primitives, accessors, type),
            decoder(byte[].class, components, primitives, constructor));
    }

    private static MethodHandles.Lookup lookupFor(final Class<?> type)
    {
        try
        {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        }
        catch (final IllegalAccessException ex)
        {
            // Not opened to Orbit: public members of a public record in an exported package are still reachable.
            return MethodHandles.lookup();
        }
    }

    private static MethodHandle findAccessor(
        final MethodHandles.Lookup lookup, final Class<?> type, final RecordComponent component)
    {
        try
        {
            return lookup.findVirtual(type, component.getName(), MethodType.methodType(component.getType()));
        }
        catch (final NoSuchMethodException | IllegalAccessException ex)
        {
            throw inaccessible(type, "accessor=" + component.getName() + "()", ex);
        }
    }

    private static MethodHandle findConstructor(
        final MethodHandles.Lookup lookup, final Class<?> type, final Class<?>[] parameterTypes)
    {
        try
        {
            return lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes));
        }
        catch (final NoSuchMethodException | IllegalAccessException ex)
        {
            throw inaccessible(type, "canonical constructor", ex);
        }
    }

    private static IllegalArgumentException inaccessible(
        final Class<?> type, final String member, final ReflectiveOperationException cause)
    {
        return new IllegalArgumentException(
            "cannot access record: class=" + type.getName() + ", member=" + member + "; make the record public " +
            "in an exported package, or open its package to " + RecordLayout.class.getModule(), cause);
    }

    /**
     * {@code (container, offset, record) -> void} writing every component, first to last, widened to take any
     * {@link Record}.
     */
    private static MethodHandle encoder(
        final Class<?> container,
        final List<Component> components,
        final Primitive[] primitives,
        final MethodHandle[] accessors,
        final Class<?> type)
    {
        MethodHandle encoder = MethodHandles.empty(MethodType.methodType(void.class, container, int.class, type));
        for (int i = components.size() - 1; i >= 0; i--)
        {
            final MethodHandle writer = atOffset(primitives[i].writer(container), components.get(i).offset());
            final MethodHandle writeComponent = MethodHandles.filterArguments(writer, 2, accessors[i]);
            encoder = MethodHandles.foldArguments(encoder, writeComponent);
        }

        return encoder.asType(MethodType.methodType(void.class, container, int.class, Record.class));
    }

    /**
     * {@code (container, offset) -> record} reading every component as an argument of the canonical constructor,
     * widened to return {@link Record}.
     */
    private static MethodHandle decoder(
        final Class<?> container,
        final List<Component> components,
        final Primitive[] primitives,
        final MethodHandle constructor)
    {
        final int count = components.size();
        MethodHandle decoder = MethodHandles.dropArguments(constructor, count, container, int.class);
        for (int i = count - 1; i >= 0; i--)
        {
            // (p0 .. pi, container, offset) -> (p0 .. pi-1, container, offset): pi is read from the container.
            final MethodHandle reader = atOffset(primitives[i].reader(container), components.get(i).offset());
            decoder = MethodHandles.foldArguments(decoder, i, reader);
        }

        return decoder.asType(MethodType.methodType(Record.class, container, int.class));
    }

    /**
     * Shift the {@code int} offset argument (index 1) of an accessor by a component's offset in the layout.
     */
    private static MethodHandle atOffset(final MethodHandle access, final int componentOffset)
    {
        return MethodHandles.filterArguments(access, 1, MethodHandles.insertArguments(Bind.SUM, 1, componentOffset));
    }

    private static boolean toBoolean(final byte value)
    {
        return FALSE_BYTE != value;
    }

    private static byte fromBoolean(final boolean value)
    {
        return value ? TRUE_BYTE : FALSE_BYTE;
    }

    /**
     * Method handles shared by every layout, resolved once.
     */
    private static final class Bind
    {
        static final MethodHandle SUM;
        static final MethodHandle TO_BOOLEAN;
        static final MethodHandle FROM_BOOLEAN;
        static final MethodHandle BUFFER_GET_BYTE;
        static final MethodHandle BUFFER_PUT_BYTE;

        static
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            try
            {
                SUM = lookup.findStatic(
                    Integer.class, "sum", MethodType.methodType(int.class, int.class, int.class));
                TO_BOOLEAN = lookup.findStatic(
                    RecordLayout.class, "toBoolean", MethodType.methodType(boolean.class, byte.class));
                FROM_BOOLEAN = lookup.findStatic(
                    RecordLayout.class, "fromBoolean", MethodType.methodType(byte.class, boolean.class));
                BUFFER_GET_BYTE = lookup.findVirtual(
                    ByteBuffer.class, "get", MethodType.methodType(byte.class, int.class));
                BUFFER_PUT_BYTE = lookup.findVirtual(
                    ByteBuffer.class, "put", MethodType.methodType(ByteBuffer.class, int.class, byte.class))
                    .asType(MethodType.methodType(void.class, ByteBuffer.class, int.class, byte.class));
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new ExceptionInInitializerError(ex);
            }
        }
    }

    /**
     * The supported component types, their lengths and how they are read from and written to a container: a
     * {@link ByteBuffer} or a {@code byte[]}.
     */
    private enum Primitive
    {
        BOOLEAN(boolean.class, null, BOOLEAN_LENGTH),
        BYTE(byte.class, null, Byte.BYTES),
        SHORT(short.class, short[].class, Short.BYTES),
        CHAR(char.class, char[].class, Character.BYTES),
        INT(int.class, int[].class, Integer.BYTES),
        LONG(long.class, long[].class, Long.BYTES),
        FLOAT(float.class, float[].class, Float.BYTES),
        DOUBLE(double.class, double[].class, Double.BYTES);

        private static final Primitive[] VALUES = values();

        final Class<?> type;
        final Class<?> viewArrayType;
        final int length;

        Primitive(final Class<?> type, final Class<?> viewArrayType, final int length)
        {
            this.type = type;
            this.viewArrayType = viewArrayType;
            this.length = length;
        }

        static Primitive of(final Class<?> type)
        {
            for (final Primitive primitive : VALUES)
            {
                if (primitive.type == type)
                {
                    return primitive;
                }
            }

            return null;
        }

        /**
         * {@code (container, index) -> value}.
         */
        MethodHandle reader(final Class<?> container)
        {
            switch (this)
            {
                case BOOLEAN:
                    return MethodHandles.filterReturnValue(BYTE.reader(container), Bind.TO_BOOLEAN);

                case BYTE:
                    return ByteBuffer.class == container ?
                        Bind.BUFFER_GET_BYTE : MethodHandles.arrayElementGetter(byte[].class);

                default:
                    return view(container).toMethodHandle(VarHandle.AccessMode.GET);
            }
        }

        /**
         * {@code (container, index, value) -> void}.
         */
        MethodHandle writer(final Class<?> container)
        {
            switch (this)
            {
                case BOOLEAN:
                    return MethodHandles.filterArguments(BYTE.writer(container), 2, Bind.FROM_BOOLEAN);

                case BYTE:
                    return ByteBuffer.class == container ?
                        Bind.BUFFER_PUT_BYTE : MethodHandles.arrayElementSetter(byte[].class);

                default:
                    return view(container).toMethodHandle(VarHandle.AccessMode.SET);
            }
        }

        private VarHandle view(final Class<?> container)
        {
            return ByteBuffer.class == container ?
                MethodHandles.byteBufferViewVarHandle(viewArrayType, ByteOrder.LITTLE_ENDIAN) :
                MethodHandles.byteArrayViewVarHandle(viewArrayType, ByteOrder.LITTLE_ENDIAN);
        }
    }
}
