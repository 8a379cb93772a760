package dev.orbit.internal.value;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordLayoutTest
{
    private static final int ALL_TYPES_SIZE = 1 + Byte.BYTES + Short.BYTES + Character.BYTES + Integer.BYTES +
        Long.BYTES + Float.BYTES + Double.BYTES;
    private static final int SMALL_SIZE = Short.BYTES + Integer.BYTES + 1 + Double.BYTES;
    private static final int OFFSET = 13;
    private static final int BUFFER_CAPACITY = 64;
    private static final byte FILL = (byte)0x5A;
    private static final float PAYLOAD_NAN = Float.intBitsToFloat(0x7FC0_0001);

    record AllTypes(boolean z, byte b, short s, char c, int i, long l, float f, double d)
    {
    }

    record Small(short s, int i, boolean flag, double d)
    {
    }

    private record Hidden(int value, long stamp)
    {
    }

    record Validated(int percent)
    {
        Validated
        {
            if (percent < 0 || percent > 100)
            {
                throw new IllegalArgumentException("percent=" + percent);
            }
        }
    }

    record WithString(int id, String name)
    {
    }

    record WithArray(int[] values)
    {
    }

    record WithBoxed(Integer count)
    {
    }

    record WithNested(Small inner)
    {
    }

    record WithSeveral(String label, int ok, long[] samples)
    {
    }

    record Empty()
    {
    }

    private static final AllTypes MINIMUMS = new AllTypes(
        false, Byte.MIN_VALUE, Short.MIN_VALUE, Character.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE,
        -0.0f, Double.NEGATIVE_INFINITY);

    private static final AllTypes MAXIMUMS = new AllTypes(
        true, Byte.MAX_VALUE, Short.MAX_VALUE, Character.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE,
        Float.NaN, Double.MAX_VALUE);

    private static final AllTypes ODD_VALUES = new AllTypes(
        true, (byte)-1, (short)-2, '\u00e9', -3, 0x0102_0304_0506_0708L, PAYLOAD_NAN, Double.MIN_VALUE);

    @Test
    void shouldRoundTripEveryPrimitiveWhenValuesAreExtreme()
    {
        final RecordLayout<AllTypes> layout = RecordLayout.of(AllTypes.class);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_CAPACITY);
        final byte[] bytes = new byte[BUFFER_CAPACITY];

        for (final AllTypes value : new AllTypes[]{ MINIMUMS, MAXIMUMS, ODD_VALUES })
        {
            layout.encode(value, buffer, 0);
            layout.encode(value, bytes, 0);

            assertThat(layout.decode(buffer, 0)).isEqualTo(value);
            assertThat(layout.decode(bytes, 0)).isEqualTo(value);
        }
    }

    @Test
    void shouldKeepRawFloatBitsWhenValueIsNegativeZeroOrNan()
    {
        final RecordLayout<AllTypes> layout = RecordLayout.of(AllTypes.class);
        final byte[] bytes = new byte[layout.size()];

        layout.encode(MINIMUMS, bytes, 0);
        assertThat(Float.floatToRawIntBits(layout.decode(bytes, 0).f())).isEqualTo(Float.floatToRawIntBits(-0.0f));

        layout.encode(ODD_VALUES, bytes, 0);
        assertThat(Float.floatToRawIntBits(layout.decode(bytes, 0).f()))
            .isEqualTo(Float.floatToRawIntBits(PAYLOAD_NAN));
    }

    @Test
    void shouldWriteHandComputedLittleEndianBytesWhenEncodingSmallRecord()
    {
        final RecordLayout<Small> layout = RecordLayout.of(Small.class);
        final Small value = new Small((short)0x0102, 0x0A0B_0C0D, true, 1.0);
        final byte[] expected = {
            0x02, 0x01,                                     // s
            0x0D, 0x0C, 0x0B, 0x0A,                         // i
            0x01,                                           // flag
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, (byte)0xF0, 0x3F  // d = 1.0 = 0x3FF0_0000_0000_0000
        };

        final byte[] fromArray = new byte[layout.size()];
        layout.encode(value, fromArray, 0);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(layout.size());
        layout.encode(value, buffer, 0);
        final byte[] fromBuffer = new byte[layout.size()];
        buffer.get(0, fromBuffer);

        assertThat(fromArray).containsExactly(expected);
        assertThat(fromBuffer).containsExactly(expected);
    }

    @Test
    void shouldDescribeComponentsWhenLayoutIsBuilt()
    {
        final RecordLayout<Small> layout = RecordLayout.of(Small.class);

        assertThat(layout.type()).isEqualTo(Small.class);
        assertThat(layout.components()).containsExactly(
            new RecordLayout.Component("s", short.class, 0, Short.BYTES),
            new RecordLayout.Component("i", int.class, 2, Integer.BYTES),
            new RecordLayout.Component("flag", boolean.class, 6, 1),
            new RecordLayout.Component("d", double.class, 7, Double.BYTES));
        assertThat(layout.toString()).contains(Small.class.getName(), "size=" + SMALL_SIZE);
    }

    @Test
    void shouldSumComponentLengthsWhenComputingSize()
    {
        assertThat(RecordLayout.of(AllTypes.class).size()).isEqualTo(ALL_TYPES_SIZE);
        assertThat(RecordLayout.of(Small.class).size()).isEqualTo(SMALL_SIZE);
    }

    @Test
    void shouldLeaveNeighbouringBytesUntouchedWhenEncodingAtOffset()
    {
        final RecordLayout<AllTypes> layout = RecordLayout.of(AllTypes.class);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_CAPACITY);
        fill(buffer);

        layout.encode(MAXIMUMS, buffer, OFFSET);

        for (int i = 0; i < OFFSET; i++)
        {
            assertThat(buffer.get(i)).as("byte before the record at index %d", i).isEqualTo(FILL);
        }
        for (int i = OFFSET + layout.size(); i < BUFFER_CAPACITY; i++)
        {
            assertThat(buffer.get(i)).as("byte after the record at index %d", i).isEqualTo(FILL);
        }
        assertThat(layout.decode(buffer, OFFSET)).isEqualTo(MAXIMUMS);
        assertThat(buffer.position()).isZero();
        assertThat(buffer.limit()).isEqualTo(BUFFER_CAPACITY);
    }

    @Test
    void shouldWriteLittleEndianWhenBufferIsBigEndian()
    {
        final RecordLayout<Small> layout = RecordLayout.of(Small.class);
        final Small value = new Small((short)0x0102, 0x0A0B_0C0D, false, 0.0);
        final ByteBuffer bigEndian = ByteBuffer.allocateDirect(BUFFER_CAPACITY).order(ByteOrder.BIG_ENDIAN);
        final byte[] expected = new byte[layout.size()];
        layout.encode(value, expected, 0);

        layout.encode(value, bigEndian, OFFSET);

        final byte[] written = new byte[layout.size()];
        bigEndian.get(OFFSET, written);
        assertThat(written).containsExactly(expected);
        assertThat(written[0]).isEqualTo((byte)0x02);
        assertThat(bigEndian.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(layout.decode(bigEndian, OFFSET)).isEqualTo(value);
    }

    @Test
    void shouldShareBytesThroughFileWhenBufferIsMapped(@TempDir final Path directory) throws IOException
    {
        final RecordLayout<AllTypes> layout = RecordLayout.of(AllTypes.class);
        final Path file = directory.resolve("value.bin");

        try (FileChannel channel = FileChannel.open(
            file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, BUFFER_CAPACITY);
            layout.encode(ODD_VALUES, mapped, OFFSET);
            mapped.force();
        }

        assertThat(layout.decode(Files.readAllBytes(file), OFFSET)).isEqualTo(ODD_VALUES);
    }

    @Test
    void shouldDecodeAnyNonZeroByteAsTrueWhenReadingBoolean()
    {
        final RecordLayout<Small> layout = RecordLayout.of(Small.class);
        final byte[] bytes = new byte[layout.size()];
        final int flagOffset = layout.components().get(2).offset();

        bytes[flagOffset] = (byte)0x80;
        assertThat(layout.decode(bytes, 0).flag()).isTrue();

        bytes[flagOffset] = 0;
        assertThat(layout.decode(bytes, 0).flag()).isFalse();
    }

    @Test
    void shouldRefuseWithoutWritingWhenRecordDoesNotFit()
    {
        final RecordLayout<Small> layout = RecordLayout.of(Small.class);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_CAPACITY);
        fill(buffer);
        final int offset = BUFFER_CAPACITY - layout.size() + 1;
        final Small value = new Small((short)1, 2, true, 3.0);

        assertThatThrownBy(() -> layout.encode(value, buffer, offset))
            .isInstanceOf(IndexOutOfBoundsException.class)
            .hasMessageContaining("offset=" + offset)
            .hasMessageContaining("size=" + SMALL_SIZE)
            .hasMessageContaining("capacity=" + BUFFER_CAPACITY);
        assertThatThrownBy(() -> layout.decode(new byte[SMALL_SIZE], -1))
            .isInstanceOf(IndexOutOfBoundsException.class)
            .hasMessageContaining("offset=-1");

        for (int i = 0; i < BUFFER_CAPACITY; i++)
        {
            assertThat(buffer.get(i)).as("byte at index %d", i).isEqualTo(FILL);
        }
    }

    @Test
    void shouldAccessPrivateRecordWhenItIsNotPublic()
    {
        final RecordLayout<Hidden> layout = RecordLayout.of(Hidden.class);
        final Hidden value = new Hidden(7, -8L);
        final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_CAPACITY);

        layout.encode(value, buffer, OFFSET);

        assertThat(layout.decode(buffer, OFFSET)).isEqualTo(value);
    }

    @Test
    void shouldRunCompactConstructorWhenDecoding()
    {
        final RecordLayout<Validated> layout = RecordLayout.of(Validated.class);
        final byte[] bytes = new byte[layout.size()];
        bytes[0] = (byte)101;

        assertThatThrownBy(() -> layout.decode(bytes, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("percent=101");
    }

    @Test
    void shouldReturnSameInstanceWhenAskedTwice()
    {
        assertThat(RecordLayout.of(AllTypes.class)).isSameAs(RecordLayout.of(AllTypes.class));
    }

    @Test
    @SuppressWarnings({ "unchecked", "rawtypes" })
    void shouldRejectClassWhenItIsNotRecord()
    {
        final Class<Record> notRecord = (Class)String.class;

        assertThatThrownBy(() -> RecordLayout.of(notRecord))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not a record")
            .hasMessageContaining("class=java.lang.String")
            .hasMessageContaining("boolean, byte, short, char, int, long, float, double");
    }

    @Test
    void shouldRejectRecordWhenComponentIsString()
    {
        assertThatThrownBy(() -> RecordLayout.of(WithString.class))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("class=" + WithString.class.getName())
            .hasMessageContaining("component=name, type=java.lang.String")
            .hasMessageNotContaining("component=id")
            .hasMessageContaining("boolean, byte, short, char, int, long, float, double");
    }

    @Test
    void shouldRejectRecordWhenComponentIsArray()
    {
        assertThatThrownBy(() -> RecordLayout.of(WithArray.class))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("class=" + WithArray.class.getName())
            .hasMessageContaining("component=values, type=int[]");
    }

    @Test
    void shouldRejectRecordWhenComponentIsBoxed()
    {
        assertThatThrownBy(() -> RecordLayout.of(WithBoxed.class))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("class=" + WithBoxed.class.getName())
            .hasMessageContaining("component=count, type=java.lang.Integer");
    }

    @Test
    void shouldRejectRecordWhenComponentIsNestedRecord()
    {
        assertThatThrownBy(() -> RecordLayout.of(WithNested.class))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("class=" + WithNested.class.getName())
            .hasMessageContaining("component=inner, type=" + Small.class.getTypeName());
    }

    @Test
    void shouldNameEveryRejectedComponentWhenSeveralAreUnsupported()
    {
        assertThatThrownBy(() -> RecordLayout.of(WithSeveral.class))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unsupported record components")
            .hasMessageContaining("component=label, type=java.lang.String")
            .hasMessageContaining("component=samples, type=long[]")
            .hasMessageNotContaining("component=ok");
    }

    @Test
    void shouldRejectRecordWhenItHasNoComponents()
    {
        assertThatThrownBy(() -> RecordLayout.of(Empty.class))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no components")
            .hasMessageContaining("class=" + Empty.class.getName());
    }

    private static void fill(final ByteBuffer buffer)
    {
        final byte[] fill = new byte[buffer.capacity()];
        Arrays.fill(fill, FILL);
        buffer.put(0, fill);
    }
}
