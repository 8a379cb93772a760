package dev.orbit.tools;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonWriterTest {

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharacters() {
        final String tricky = "say \"hi\" \\ path\n\ttab\r\b\f\u0000\u001f\u007f";

        final String json = write(w -> w.beginObject().field("label", tricky).endObject());

        assertThat(json).isEqualTo(
            "{\"label\":\"say \\\"hi\\\" \\\\ path\\n\\ttab\\r\\b\\f\\u0000\\u001f\\u007f\"}");
        assertThat(Json.object(json)).containsEntry("label", tricky);
    }

    @Test
    void shouldKeepPairedSurrogatesAndEscapeUnpairedOnesAndLineSeparators() {
        final String text = "grüße \uD83D\uDE80 \u2028\u2029 lone \uD800 and \uDC00";

        final String json = write(w -> w.value(text));

        assertThat(json).isEqualTo("\"grüße \uD83D\uDE80 \\u2028\\u2029 lone \\ud800 and \\udc00\"");
        assertThat(Json.parse(json)).isEqualTo(text);
    }

    @Test
    void shouldWriteNestedValuesWithCommasInTheRightPlaces() {
        final String json = write(w -> w.beginObject()
            .field("n", -42L).field("ok", true).field("none", (String)null)
            .name("rate").value(2.5).name("whole").value(3.0).name("nan").value(Double.NaN)
            .name("list").beginArray().value(1).beginObject().endObject().beginArray().endArray().nullValue().endArray()
            .endObject());

        assertThat(json).isEqualTo(
            "{\"n\":-42,\"ok\":true,\"none\":null,\"rate\":2.5,\"whole\":3,\"nan\":null,\"list\":[1,{},[],null]}");
        assertThat(Json.object(json).get("list")).isEqualTo(java.util.Arrays.asList(1L, Map.of(), List.of(), null));
    }

    @Test
    void shouldRefuseMisuse() {
        assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).beginObject().value(1))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).beginArray().name("x"))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).beginArray().endObject())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).value(1).value(2))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("one top-level value");
    }

    private static String write(final java.util.function.Consumer<JsonWriter> body) {
        final StringBuilder out = new StringBuilder();
        final JsonWriter writer = new JsonWriter(out);
        body.accept(writer);
        assertThat(writer.isComplete()).isTrue();
        return out.toString();
    }
}
