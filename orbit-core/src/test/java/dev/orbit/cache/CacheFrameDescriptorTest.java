package dev.orbit.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class CacheFrameDescriptorTest {

    private static final int OFFSET = 7;

    @Test
    void shouldReadBackWhatWasWrittenWhenFrameIsWellFormed() {
        final ByteBuffer buffer = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN);
        final byte[] key = "user:42".getBytes(UTF_8);
        final byte[] value = "alice".getBytes(UTF_8);
        CacheFrameDescriptor.writeHeader(buffer, OFFSET, CacheFrameDescriptor.PUT, key.length, value.length, 1234L);
        buffer.put(CacheFrameDescriptor.keyOffset(OFFSET), key);
        buffer.put(CacheFrameDescriptor.valueOffset(OFFSET, key.length), value);
        final int length = CacheFrameDescriptor.frameLength(key.length, value.length);

        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.PUT, buffer, OFFSET, length)).isTrue();
        assertThat(CacheFrameDescriptor.op(buffer, OFFSET)).isEqualTo(CacheFrameDescriptor.PUT);
        assertThat(CacheFrameDescriptor.keyLength(buffer, OFFSET)).isEqualTo(key.length);
        assertThat(CacheFrameDescriptor.valueLength(buffer, OFFSET)).isEqualTo(value.length);
        assertThat(CacheFrameDescriptor.expiresAt(buffer, OFFSET)).isEqualTo(1234L);
        assertThat(length).isEqualTo(13 + key.length + value.length);
    }

    @Test
    void shouldEncodeLittleEndianWhateverTheBufferOrder() {
        final ByteBuffer buffer = ByteBuffer.allocate(32).order(ByteOrder.BIG_ENDIAN);
        CacheFrameDescriptor.writeHeader(buffer, 0, CacheFrameDescriptor.DELETE, 0x0102, 0, 0x0A0B0C0D0E0F1011L);

        final ByteBuffer le = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(le.get(CacheFrameDescriptor.OP_OFFSET)).isEqualTo((byte)CacheFrameDescriptor.DELETE);
        assertThat(le.getShort(CacheFrameDescriptor.KEY_LENGTH_OFFSET)).isEqualTo((short)0x0102);
        assertThat(le.getShort(CacheFrameDescriptor.VALUE_LENGTH_OFFSET)).isZero();
        assertThat(le.getLong(CacheFrameDescriptor.EXPIRES_AT_OFFSET)).isEqualTo(0x0A0B0C0D0E0F1011L);
    }

    @Test
    void shouldRejectMalformedFramesWhenLengthsOpOrKindDisagree() {
        final ByteBuffer buffer = ByteBuffer.allocate(64);
        CacheFrameDescriptor.writeHeader(buffer, 0, CacheFrameDescriptor.PUT, 3, 4, 0);
        final int length = CacheFrameDescriptor.frameLength(3, 4);

        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.PUT, buffer, 0, length)).isTrue();
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.DELETE, buffer, 0, length))
            .as("frame kind differs from op").isFalse();
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.PUT, buffer, 0, length + 1))
            .as("longer than header + key + value").isFalse();
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.PUT, buffer, 0, length - 1))
            .as("shorter than header + key + value").isFalse();
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.PUT, buffer, 0, 12))
            .as("shorter than the header").isFalse();
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.PUT, null, 0, length)).isFalse();
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.PUT, buffer, -1, length)).isFalse();
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.PUT, buffer, 60, length))
            .as("beyond the buffer's limit").isFalse();
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.PUT, buffer, 0, Integer.MAX_VALUE)).isFalse();

        CacheFrameDescriptor.writeHeader(buffer, 0, CacheFrameDescriptor.DELETE, 3, 4, 0);
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.DELETE, buffer, 0, length))
            .as("delete with a value").isFalse();
        CacheFrameDescriptor.writeHeader(buffer, 0, CacheFrameDescriptor.RESET_PREFIX, 3, 4, 0);
        assertThat(CacheFrameDescriptor.isWellFormed(CacheFrameDescriptor.RESET_PREFIX, buffer, 0, length))
            .as("reset with a value").isFalse();
        CacheFrameDescriptor.writeHeader(buffer, 0, 9, 3, 4, 0);
        assertThat(CacheFrameDescriptor.isWellFormed(9, buffer, 0, length)).as("unknown op").isFalse();
        CacheFrameDescriptor.writeHeader(buffer, 0, 0, 3, 4, 0);
        assertThat(CacheFrameDescriptor.isWellFormed(0, buffer, 0, length)).as("op zero").isFalse();
    }

    @Test
    void shouldNeverThrowWhenDecidingOnRandomBytes() {
        final Random random = new Random(42);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(96);
        for (int i = 0; i < 20_000; i++) {
            for (int b = 0; b < buffer.capacity(); b++) {
                buffer.put(b, (byte)random.nextInt());
            }
            final int frameKind = random.nextInt(5) - 1;
            final int offset = random.nextInt(120) - 10;
            final int length = random.nextInt(120) - 10;
            assertThatCode(() -> CacheFrameDescriptor.isWellFormed(frameKind, buffer, offset, length))
                .doesNotThrowAnyException();
        }
    }
}
