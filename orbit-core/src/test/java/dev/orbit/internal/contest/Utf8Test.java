package dev.orbit.internal.contest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

    @Test
    void shouldMatchStringGetBytesWhenEncodingUtf8() {
        for (final String text : new String[]{"", "plain", "caf\u00e9", "\u20ac uro", "rocket \uD83D\uDE80",
            "lone \uD800 high", "lone \uDC00 low", "end \uD83D"}) {
            final byte[] expected = text.getBytes(StandardCharsets.UTF_8);
            final ByteBuffer buffer = ByteBuffer.allocate(64);

            assertThat(Utf8.length(text)).as(text).isEqualTo(expected.length);
            assertThat(Utf8.write(text, buffer, 3, 64 - 3)).isEqualTo(expected.length);
            final byte[] written = new byte[expected.length];
            buffer.get(3, written);
            assertThat(written).as(text).isEqualTo(expected);
        }
    }

    @Test
    void shouldStopBeforeACharacterThatDoesNotFitWhenWritingUtf8() {
        final ByteBuffer buffer = ByteBuffer.allocate(8);

        assertThat(Utf8.write("a\uD83D\uDE80b", buffer, 0, 4)).isEqualTo(1);
        assertThat(Utf8.write("a\uD83D\uDE80b", buffer, 0, 5)).isEqualTo(5);
    }

    @Test
    void shouldHashKindAndLabelWhenHashingSubjects() {
        assertThat(Utf8.hash(0, "label")).isEqualTo(Utf8.hash(0, "label"));
        assertThat(Utf8.hash(0, "label")).isNotEqualTo(Utf8.hash(1, "label"));
        assertThat(Utf8.hash(0, "label")).isNotEqualTo(Utf8.hash(0, "labem"));
        assertThat(ClaimsTable.nonZero(0)).isNotZero();
    }
}
