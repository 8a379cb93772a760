package dev.orbit.spring.boot.autoconfigure.cache;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link DefaultOrbitKeyCodec}.
 */
class DefaultOrbitKeyCodecTests {

    private final DefaultOrbitKeyCodec codec = new DefaultOrbitKeyCodec();

    @Test
    void shouldKeepStringsAsTheyAre() {
        assertThat(this.codec.encode("isbn-42")).isEqualTo("isbn-42");
    }

    @Test
    void shouldUseToStringOfSimpleValues() {
        UUID id = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        assertThat(this.codec.encode(42L)).isEqualTo("42");
        assertThat(this.codec.encode(true)).isEqualTo("true");
        assertThat(this.codec.encode(id)).isEqualTo(id.toString());
        assertThat(this.codec.encode(LocalDate.of(2026, 1, 2))).isEqualTo("2026-01-02");
        assertThat(this.codec.encode(Colour.RED)).isEqualTo("RED");
    }

    @Test
    void shouldQuoteStringsInsideCompositeKeys() {
        assertThat(this.codec.encode(new SimpleKey("a,b", 1))).isEqualTo("SimpleKey[\"a,b\",1]");
        assertThat(this.codec.encode(new SimpleKey("a", "b", 1))).isEqualTo("SimpleKey[\"a\",\"b\",1]");
        assertThat(this.codec.encode(new SimpleKey("say \"hi\"", null)))
            .isEqualTo("SimpleKey[\"say \\\"hi\\\"\",null]");
        assertThat(this.codec.encode(SimpleKey.EMPTY)).isEqualTo("SimpleKey[]");
    }

    @Test
    void shouldEncodeEqualKeysEqually() {
        assertThat(this.codec.encode(new SimpleKey("a", new int[] { 1, 2 })))
            .isEqualTo(this.codec.encode(new SimpleKey("a", new int[] { 1, 2 })))
            .isEqualTo("SimpleKey[\"a\",[1,2]]");
        assertThat(this.codec.encode(List.of("x", 1))).isEqualTo("[\"x\",1]");
        assertThat(this.codec.encode(Map.of("k", 2))).isEqualTo("{\"k\"=2}");
    }

    @Test
    void shouldUseToStringOfRecords() {
        assertThat(this.codec.encode(new Isbn("978", 1))).isEqualTo("Isbn[prefix=978, number=1]");
    }

    @Test
    void shouldRefuseKeysWithoutStableText() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(new Object()))
            .withMessageContaining("java.lang.Object")
            .withMessageContaining("OrbitKeyCodec");
    }

    enum Colour {

        RED

    }

    record Isbn(String prefix, int number) {
    }

}
