package dev.orbit.event;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventFrameDescriptorTest {

    private static final int KIND = EventFrameDescriptor.FRAME_KIND;

    @Test
    void shouldReadBackWhatWasWrittenWhenFrameIsWellFormed() {
        final ByteBuffer buffer = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN);
        final byte[] topic = "orders.créées".getBytes(UTF_8);
        final byte[] payload = {1, 2, 3};
        final int offset = 5;
        final int length = write(buffer, offset, topic, payload, 1_700_000_000_123L, EventHeaders.NONE, null);

        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, offset, length)).isTrue();
        assertThat(EventFrameDescriptor.topicLength(buffer, offset)).isEqualTo(topic.length);
        assertThat(EventFrameDescriptor.payloadLength(buffer, offset)).isEqualTo(payload.length);
        assertThat(EventFrameDescriptor.timestampMs(buffer, offset)).isEqualTo(1_700_000_000_123L);
        assertThat(EventFrameDescriptor.headersLength(KIND, buffer, offset)).isZero();
        assertThat(EventFrameDescriptor.topicOffset(KIND, buffer, offset)).isEqualTo(offset + 16);
        assertThat(EventFrameDescriptor.decodeHeaders(KIND, buffer, offset)).isSameAs(EventHeaders.NONE);
        assertThat(length).isEqualTo(16 + topic.length + payload.length);
        final ByteBuffer le = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(le.getShort(offset + EventFrameDescriptor.TOPIC_LENGTH_OFFSET)).isEqualTo((short)topic.length);
        assertThat(le.getLong(offset + EventFrameDescriptor.TIMESTAMP_OFFSET)).isEqualTo(1_700_000_000_123L);
        assertThat(le.getShort(offset + EventFrameDescriptor.HEADERS_LENGTH_OFFSET)).isZero();
        assertThat(EventFrameDescriptor.HEADERS_LENGTH_OFFSET).isEqualTo(12);
        assertThat(EventFrameDescriptor.FLAGS_OFFSET).isEqualTo(14);
        assertThat(EventFrameDescriptor.HEADER_LENGTH).isEqualTo(16);
    }

    @Test
    void shouldReadBackHeadersAndOriginWhenFrameCarriesThem() {
        final ByteBuffer buffer = ByteBuffer.allocate(512);
        final EventHeaders headers = EventHeaders.builder()
            .traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .contentType("text/plain")
            .build();
        final EventOrigin origin = new EventOrigin("host-é", 0xCAFE_BABE_1234L, 0x0102_0304_0506_0708L, 1_700_000_000_999L, 7);
        final int length = write(buffer, 3, "t".getBytes(UTF_8), "p".getBytes(UTF_8), 9, headers, origin);

        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, 3, length)).isTrue();
        assertThat(EventFrameDescriptor.isRemote(KIND, buffer, 3)).isTrue();
        assertThat(EventFrameDescriptor.headersLength(KIND, buffer, 3))
            .isEqualTo(EventFrameDescriptor.headersLength(headers, origin));
        final EventHeaders decoded = EventFrameDescriptor.decodeHeaders(KIND, buffer, 3);
        assertThat(decoded).isEqualTo(headers.withOrigin(origin));
        assertThat(decoded.origin()).get().extracting(EventOrigin::streamId).isEqualTo("1700000000999-7");
        final int stream = EventFrameDescriptor.findEntry(KIND, buffer, 3, EventFrameDescriptor.STREAM_ID);
        assertThat(EventFrameDescriptor.entryLong(buffer, stream, 0)).isEqualTo(1_700_000_000_999L);
        assertThat(EventFrameDescriptor.entryLong(buffer, stream, 1)).isEqualTo(7);
        assertThat(EventFrameDescriptor.findEntry(KIND, buffer, 3, EventFrameDescriptor.TRACESTATE)).isEqualTo(-1);
        final int payloadOffset = EventFrameDescriptor.payloadOffset(KIND, buffer, 3);
        assertThat(buffer.get(payloadOffset)).isEqualTo((byte)'p');
        assertThat(payloadOffset + 1).isEqualTo(3 + length);
    }

    @Test
    void shouldCarryTheExceptionOfADeadLetterMadeToFitWhenBuildingIt() {
        final ByteBuffer buffer = ByteBuffer.allocate(1024);
        final EventHeaders original = EventHeaders.builder().contentType("text/plain").build();
        final EventHeaders headers = EventHeaders.builder().from(original)
            .exception(new IllegalStateException("d\u00e9clin\u00e9\n" + "x".repeat(300)))
            .build();
        assertThat(headers.contentType()).contains("text/plain");
        assertThat(headers.exceptionClass()).contains("java.lang.IllegalStateException");
        assertThat(headers.exceptionMessage()).get().satisfies(message -> {
            assertThat(message).hasSize(EventHeaders.MAX_TEXT_LENGTH).startsWith("d?clin??xxx").endsWith("x...");
        });
        assertThat(EventHeaders.builder().exception(new RuntimeException()).build().exceptionMessage())
            .as("no message, no entry").isEmpty();
        final int length = write(buffer, 0, "t.DLT".getBytes(UTF_8), "p".getBytes(UTF_8), 9, headers, null);

        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, 0, length)).isTrue();
        assertThat(EventFrameDescriptor.headersLength(KIND, buffer, 0))
            .isEqualTo(EventFrameDescriptor.headersLength(headers, null));
        assertThat(EventFrameDescriptor.decodeHeaders(KIND, buffer, 0)).isEqualTo(headers);
        final EventHeaderFlyweight flyweight = new EventHeaderFlyweight().wrap(KIND, buffer, 0);
        assertThat(flyweight.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(flyweight.exceptionMessage()).isEqualTo(headers.exceptionMessage().orElseThrow());
    }

    @Test
    void shouldReadFramesOfTheFirstLayoutWhenFrameKindSaysSo() {
        final ByteBuffer buffer = ByteBuffer.allocate(64);
        EventFrameDescriptor.writeV1Header(buffer, 0, 2, 1, 42);
        buffer.put(12, "ab".getBytes(UTF_8)).put(14, (byte)9);
        final int v1 = EventFrameDescriptor.FRAME_KIND_V1;

        assertThat(EventFrameDescriptor.isWellFormed(v1, buffer, 0, 15)).isTrue();
        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, 0, 15)).as("same bytes read as the new layout").isFalse();
        assertThat(EventFrameDescriptor.topicOffset(v1, buffer, 0)).isEqualTo(12);
        assertThat(EventFrameDescriptor.payloadOffset(v1, buffer, 0)).isEqualTo(14);
        assertThat(EventFrameDescriptor.timestampMs(buffer, 0)).isEqualTo(42);
        assertThat(EventFrameDescriptor.isRemote(v1, buffer, 0)).isFalse();
        assertThat(EventFrameDescriptor.decodeHeaders(v1, buffer, 0)).isSameAs(EventHeaders.NONE);
    }

    @Test
    void shouldRejectMalformedFramesWhenLengthsKindOrTopicAreWrong() {
        final ByteBuffer buffer = ByteBuffer.allocate(300);
        final int length = write(buffer, 0, "ab".getBytes(UTF_8), new byte[3], 0, EventHeaders.NONE, null);

        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, 0, length)).isTrue();
        assertThat(EventFrameDescriptor.isWellFormed(KIND + 1, buffer, 0, length)).as("other frame kind").isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(0, buffer, 0, length)).as("frame kind 0").isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, 0, length + 1)).isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, 0, length - 1)).isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, 0, 15)).isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(KIND, null, 0, length)).isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, -3, length)).isFalse();
        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, 295, length)).isFalse();

        buffer.putShort(0, (short)0);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, 0, length)).as("empty topic").isFalse();
        write(buffer, 0, new byte[256], new byte[0], 0, EventHeaders.NONE, null);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, 0, 16 + 256)).as("topic over 255").isFalse();
        write(buffer, 0, "ab".getBytes(UTF_8), new byte[3], 0, EventHeaders.NONE, null);
        buffer.put(16, (byte)0xC3).put(17, (byte)'x');
        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, 0, length)).as("invalid UTF-8 topic").isFalse();
    }

    @Test
    void shouldRejectMalformedHeaderEntriesWhenTheyDoNotTileOrRepeat() {
        final ByteBuffer buffer = ByteBuffer.allocate(300).order(ByteOrder.LITTLE_ENDIAN);
        final EventHeaders headers = EventHeaders.builder().contentType("text/plain").build();
        final int length = write(buffer, 0, "t".getBytes(UTF_8), new byte[2], 0, headers, null);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, buffer, 0, length)).isTrue();

        final ByteBuffer bad = copy(buffer);
        bad.put(17, (byte)11);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, bad, 0, length)).as("entry longer than the headers").isFalse();
        bad.put(17, (byte)9);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, bad, 0, length)).as("entries leave a byte over").isFalse();
        final ByteBuffer zeroType = copy(buffer);
        zeroType.put(16, (byte)0);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, zeroType, 0, length)).as("entry type 0").isFalse();
        final ByteBuffer control = copy(buffer);
        control.put(18, (byte)0x0A);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, control, 0, length)).as("non-printable text").isFalse();
        final ByteBuffer unknown = copy(buffer);
        unknown.put(16, (byte)0x90);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, unknown, 0, length)).as("unknown entry types are skipped").isTrue();
        assertThat(EventFrameDescriptor.decodeHeaders(KIND, unknown, 0).contentType()).isEmpty();

        final ByteBuffer twice = ByteBuffer.allocate(300);
        final int twiceLength = 16 + 2 * 5 + 1;
        twice.put(0, new byte[] {1, 0, 0, 0}).putShort(12, (short)Short.reverseBytes((short)10));
        twice.put(16, new byte[] {5, 3, 'a', '/', 'b', 5, 3, 'c', '/', 'd'}).put(26, (byte)'t');
        assertThat(EventFrameDescriptor.isWellFormed(KIND, twice, 0, twiceLength)).as("an entry twice").isFalse();
        twice.put(21, (byte)0x91);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, twice, 0, twiceLength)).isTrue();

        final ByteBuffer remote = copy(buffer);
        remote.put(14, (byte)EventFrameDescriptor.FLAG_REMOTE);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, remote, 0, length)).as("remote without origin").isFalse();

        final EventOrigin origin = new EventOrigin("h", 1, 2, 3, 4);
        final ByteBuffer badOrigin = ByteBuffer.allocate(300);
        final int originLength = write(badOrigin, 0, "t".getBytes(UTF_8), new byte[0], 0, EventHeaders.NONE, origin);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, badOrigin, 0, originLength)).isTrue();
        badOrigin.put(16 + 2 + 16, (byte)0xFF);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, badOrigin, 0, originLength)).as("host id not UTF-8").isFalse();

        final ByteBuffer raw = ByteBuffer.allocate(300);
        int at = EventFrameDescriptor.HEADERS_OFFSET;
        at = EventFrameDescriptor.putOrigin(raw, at, 7, 8, "h".getBytes(UTF_8));
        at = EventFrameDescriptor.putLongPair(raw, at, EventFrameDescriptor.STREAM_ID, 9, 10);
        at = EventFrameDescriptor.putLongPair(raw, at, EventFrameDescriptor.STREAM_NUMBER, 11, 12);
        at = EventFrameDescriptor.putEntry(raw, at, EventFrameDescriptor.CONTENT_TYPE, "a/b".getBytes(UTF_8));
        final int headersLength = at - EventFrameDescriptor.HEADERS_OFFSET;
        raw.put(at, (byte)'t');
        EventFrameDescriptor.writeFixedHeader(raw, 0, 1, 0, 5, headersLength, EventFrameDescriptor.FLAG_REMOTE);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, raw, 0, at + 1)).isTrue();
        final int number = EventFrameDescriptor.findEntry(KIND, raw, 0, EventFrameDescriptor.STREAM_NUMBER);
        assertThat(EventFrameDescriptor.entryLong(raw, number, 1)).isEqualTo(12);
        assertThat(EventFrameDescriptor.decodeHeaders(KIND, raw, 0).origin()).get()
            .isEqualTo(new EventOrigin("h", 7, 8, 9, 10));
        raw.put(number - 1, (byte)15);
        assertThat(EventFrameDescriptor.isWellFormed(KIND, raw, 0, at + 1)).as("stream number of 15 bytes").isFalse();
    }

    @Test
    void shouldRefuseHeaderValuesWhenBuildingThem() {
        assertThatThrownBy(() -> EventHeaders.builder().traceparent(""))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("traceparent");
        assertThatThrownBy(() -> EventHeaders.builder().contentType("a".repeat(256)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length=256");
        assertThatThrownBy(() -> EventHeaders.builder().tracestate("é"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> new EventOrigin("x".repeat(65), 0, 0, 0, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length=65");
        assertThat(EventHeaders.builder().build()).isSameAs(EventHeaders.NONE);
    }

    private static int write(
        final ByteBuffer buffer, final int offset, final byte[] topic, final byte[] payload, final long timestampMs,
        final EventHeaders headers, final EventOrigin origin) {
        final int headersLength =
            EventFrameDescriptor.writeHeader(buffer, offset, topic.length, payload.length, timestampMs, headers, origin);
        final int topicOffset = offset + EventFrameDescriptor.HEADER_LENGTH + headersLength;
        buffer.put(topicOffset, topic);
        buffer.put(topicOffset + topic.length, payload);
        return EventFrameDescriptor.frameLength(headersLength, topic.length, payload.length);
    }

    private static ByteBuffer copy(final ByteBuffer buffer) {
        final ByteBuffer copy = ByteBuffer.allocate(buffer.capacity());
        copy.put(0, buffer, 0, buffer.capacity());
        return copy;
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
    void shouldJudgeUtf8AsTheJdkDecoderDoesWhereverTheRangeLiesAndWhateverItsLength() {
        final Random random = new Random(20261204L);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        final byte[] samples = "a~\u00e9\u4e2d\ud83d\ude00".getBytes(UTF_8);
        for (int round = 0; round < 50_000; round++) {
            final int offset = random.nextInt(8);
            final int length = random.nextInt(buffer.capacity() - offset + 1);
            final byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                // mostly ASCII, some valid multi-byte text, and now and then any byte at all
                final int pick = random.nextInt(16);
                bytes[i] = pick < 12 ? (byte)(0x20 + random.nextInt(0x5F)) :
                    pick < 15 ? samples[random.nextInt(samples.length)] : (byte)random.nextInt();
            }
            buffer.clear().put(offset, bytes);
            final boolean expected = isDecodable(bytes);
            assertThat(EventFrameDescriptor.isValidUtf8(buffer, offset, length))
                .as("bytes %s at offset %d", Arrays.toString(bytes), offset).isEqualTo(expected);
        }
    }

    private static boolean isDecodable(final byte[] bytes) {
        try {
            UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
            return true;
        }
        catch (final CharacterCodingException ex) {
            return false;
        }
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
                buffer.put(12, (byte)random.nextInt(40)).put(13, (byte)0);
            }
            final int offset = random.nextInt(100) - 10;
            final int length = random.nextInt(100) - 10;
            final int kind = random.nextBoolean() ? KIND : EventFrameDescriptor.FRAME_KIND_V1;
            assertThatCode(() -> {
                if (EventFrameDescriptor.isWellFormed(kind, buffer, offset, length)) {
                    EventFrameDescriptor.decodeHeaders(kind, buffer, offset);
                }
            }).doesNotThrowAnyException();
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
