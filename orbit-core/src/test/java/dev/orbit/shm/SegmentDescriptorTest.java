package dev.orbit.shm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentDescriptorTest
{
    @Test
    void shouldSpellOrbtInFileOrder()
    {
        final ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(0, SegmentDescriptor.MAGIC);

        assertThat(new String(buffer.array(), StandardCharsets.US_ASCII)).isEqualTo("ORBT");
    }

    @Test
    void shouldLayFieldsEndToEndWithinTheHeader()
    {
        assertThat(SegmentDescriptor.FORMAT_VERSION_OFFSET).isEqualTo(SegmentDescriptor.MAGIC_OFFSET + Integer.BYTES);
        assertThat(SegmentDescriptor.TYPE_TAG_OFFSET)
            .isEqualTo(SegmentDescriptor.FORMAT_VERSION_OFFSET + Integer.BYTES);
        assertThat(SegmentDescriptor.HEADER_LENGTH_OFFSET).isEqualTo(SegmentDescriptor.TYPE_TAG_OFFSET + Integer.BYTES);
        assertThat(SegmentDescriptor.LENGTH_OFFSET).isEqualTo(SegmentDescriptor.HEADER_LENGTH_OFFSET + Integer.BYTES);
        assertThat(SegmentDescriptor.CREATED_AT_OFFSET).isEqualTo(SegmentDescriptor.LENGTH_OFFSET + Long.BYTES);
        assertThat(SegmentDescriptor.CREATOR_PID_OFFSET).isEqualTo(SegmentDescriptor.CREATED_AT_OFFSET + Long.BYTES);
        assertThat(SegmentDescriptor.TYPE_HEADER_OFFSET).isEqualTo(SegmentDescriptor.CREATOR_PID_OFFSET + Long.BYTES);
        assertThat(SegmentDescriptor.TYPE_HEADER_OFFSET + SegmentDescriptor.TYPE_HEADER_LENGTH)
            .isEqualTo(SegmentDescriptor.HEADER_LENGTH);
        assertThat(SegmentDescriptor.LENGTH_OFFSET % Long.BYTES).isZero();
    }
}
