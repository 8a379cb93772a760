package dev.orbit.event;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class EventFrameDescriptorTest {

    @Test
    void shouldReadBackWhatWasWrittenWhenFrameIsWellFormed() {
        final ByteBuffer buffer = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN);
        final byte[] topic = "orders.créées".getBytes(UTF_8);
        final byte[] payload = {1, 2, 3};
        final int offset = 5;
        EventFrameDescriptor.writeHeader(buffer, offset, topic.length, payload.length, 1_700_000_000_123L);
        buffer.put(EventFrameDescriptor.topicOffset(offset), topic);
        buffer.put(EventFrameDescriptor.payloadOffset(offset, topic.length), payload);
        final int length = EventFrameDescriptor.frameLength(topic.length, payload.length);

        assertThat(EventFrameDescriptor.isWellFormed(EventFrameDescriptor.FRAME_KIND, buffer, offset, length)).isTrue();
        assertThat(EventFrameDescriptor.topicLength(buffer, offset)).isEqualTo(topic.length);
        assertThat(EventFrameDescriptor.payloadLength(buffer, offset)).isEqualTo(payload.length);
        assertThat(EventFrameDescriptor.timestampMs(buffer, offset)).isEqualTo(1_700_000_000_123L);
        assertThat(length).isEqualTo(12 + topic.length + payload.length);
        final ByteBuffer le = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(le.getShort(offset + EventFrameDescriptor.TOPIC_LENGTH_OFFSET)).isEqualTo((short)topic.length);
        assertThat(le.getLong(offset + EventFrameDescriptor.TIMESTAMP_OFFSET)).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void shouldRejectMalformedFramesWhenLengthsKindOrTopicAreWrong() {
        final ByteBuffer buffer = ByteBuffer.allocate(300);
        EventFrameDescriptor.writeHeader(buffer, 0, 2, 3, 0);
        buffer.put(EventFrameDescriptor.topicOffset(0), "ab".getBytes(UTF_8));
        final int length = EventFrameDescriptor.frameLength(2, 3);
        final int kind = EventFrameDescriptor.FRAME_KIND;

        assertThat(EventFrameDescriptor.isWellFormed(kind, buffer, 0, length)).isTrue();
        assertThat(EventFrameDescriptor.isWellFormed(kind + 1, buffer, 0, length)).as("other frame kind").isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(kind, buffer, 0, length + 1)).isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(kind, buffer, 0, length - 1)).isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(kind, buffer, 0, 11)).isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(kind, null, 0, length)).isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(kind, buffer, -3, length)).isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(kind, buffer, 295, length)).isFalse();

        EventFrameDescriptor.writeHeader(buffer, 0, 0, 5, 0);
        assertThat(EventFrameDescriptor.isWellFormed(kind, buffer, 0, length)).as("empty topic").isFalse();
        EventFrameDescriptor.writeHeader(buffer, 0, 256, 0, 0);
        assertThat(EventFrameDescriptor.isWellFormed(kind, buffer, 0, 12 + 256)).as("topic over 255").isFalse();
        EventFrameDescriptor.writeHeader(buffer, 0, 2, 3, 0);
        buffer.put(EventFrameDescriptor.topicOffset(0), (byte)0xC3).put(EventFrameDescriptor.topicOffset(0) + 1, (byte)'x');
        assertThat(EventFrameDescriptor.isWellFormed(kind, buffer, 0, length)).as("invalid UTF-8 topic").isFalse();
    }

    @Test
    void shouldAcceptOnlyValidUtf8WhenCheckingTopics() {
        assertThat(utf8(0x41)).isTrue();
        assertThat(utf8(0xC3, 0xA9)).isTrue();
        assertThat(utf8(0xE2, 0x82, 0xAC)).isTrue();
        assertThat(utf8(0xF0, 0x9F, 0x98, 0x80)).isTrue();
        assertThat(utf8(0xF4, 0x8F, 0xBF, 0xBF)).as("U+10FFFF").isTrue();

        assertThat(utf8(0x80)).as("lone continuation").isFalse();
        assertThat(utf8(0xC0, 0x80)).as("overlong NUL").isFalse();
        assertThat(utf8(0xC3)).as("truncated").isFalse();
        assertThat(utf8(0xE0, 0x80, 0x80)).as("overlong three bytes").isFalse();
        assertThat(utf8(0xED, 0xA0, 0x80)).as("surrogate").isFalse();
        assertThat(utf8(0xF0, 0x8F, 0xBF, 0xBF)).as("overlong four bytes").isFalse();
        assertThat(utf8(0xF4, 0x90, 0x80, 0x80)).as("above U+10FFFF").isFalse();
        assertThat(utf8(0xF5, 0x80, 0x80, 0x80)).isFalse();
        assertThat(utf8(0xE2, 0x82, 0x41)).as("bad continuation").isFalse();
    }

    @Test
    void shouldNeverThrowWhenDecidingOnRandomBytes() {
        final Random random = new Random(7);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(80);
        for (int i = 0; i < 20_000; i++) {
            for (int b = 0; b < buffer.capacity(); b++) {
                buffer.put(b, (byte)random.nextInt());
            }
            if (random.nextBoolean()) {
                buffer.put(0, (byte)random.nextInt(70)).put(1, (byte)0).put(2, (byte)random.nextInt(70)).put(3, (byte)0);
            }
            final int offset = random.nextInt(100) - 10;
            final int length = random.nextInt(100) - 10;
            assertThatCode(() -> EventFrameDescriptor.isWellFormed(EventFrameDescriptor.FRAME_KIND, buffer, offset, length))
                .doesNotThrowAnyException();
        }
    }

    private static boolean utf8(final int... bytes) {
        final ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            buffer.put(i, (byte)bytes[i]);
        }
        return EventFrameDescriptor.isValidUtf8(buffer, 0, bytes.length);
    }
}
