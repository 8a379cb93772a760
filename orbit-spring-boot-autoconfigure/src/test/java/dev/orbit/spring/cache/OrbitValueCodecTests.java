package dev.orbit.spring.cache;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SimpleOrbitValueCodec} and {@link JacksonOrbitValueCodec}.
 */
class OrbitValueCodecTests {

    private final SimpleOrbitValueCodec simple = new SimpleOrbitValueCodec();

    private final JacksonOrbitValueCodec jackson = new JacksonOrbitValueCodec(JsonMapper.shared(),
            List.of("dev.orbit.spring"));

    static List<Object> simpleValues() {
        return List.of("text", "", 42, -7L, 2.5d, 1.5f, (short) 3, (byte) 4, true, false,
                new BigInteger("123456789012345678901234567890"), new BigDecimal("3.14159"));
    }

    @ParameterizedTest
    @MethodSource("simpleValues")
    void shouldRoundTripSimpleValues(Object value) {
        assertThat(this.simple.decode(this.simple.encode(value))).isEqualTo(value);
        assertThat(this.jackson.decode(this.jackson.encode(value))).isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource("simpleValues")
    void shouldDecodeInPlaceAsFromACopy(Object value) {
        for (OrbitValueCodec codec : List.of(this.simple, this.jackson)) {
            byte[] encoded = codec.encode(value);
            ByteBuffer heap = ByteBuffer.allocate(encoded.length + 10).position(4).slice();
            heap.put(3, encoded).limit(1);
            ByteBuffer direct = ByteBuffer.allocateDirect(encoded.length + 3).put(3, encoded);
            assertThat(codec.decode(heap, 3, encoded.length)).isEqualTo(value);
            assertThat(heap.position()).isZero();
            assertThat(heap.limit()).isOne();
            assertThat(codec.decode(direct, 3, encoded.length)).isEqualTo(value);
        }
        Book book = new Book("Dune", 1965);
        byte[] json = this.jackson.encode(book);
        ByteBuffer buffer = ByteBuffer.allocate(json.length + 5).put(5, json);
        assertThat(this.jackson.decode(buffer, 5, json.length)).isEqualTo(book);
    }

    @Test
    void shouldRefuseMalformedValuesInPlaceAsFromACopy() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] { 9, 9, 0x03, 1, 2, 0x20, 0 });
        assertThatIllegalArgumentException().isThrownBy(() -> this.simple.decode(buffer, 2, 3))
            .withMessageContaining("expected 4 bytes, found 2");
        assertThatIllegalArgumentException().isThrownBy(() -> this.simple.decode(buffer, 5, 2))
            .withMessageContaining("tag=32, length=2");
        assertThatIllegalArgumentException().isThrownBy(() -> this.simple.decode(buffer, 2, 0))
            .withMessageContaining("empty cache value");
    }

    @Test
    void shouldRoundTripBytes() {
        assertThat((byte[]) this.simple.decode(this.simple.encode(new byte[] { 1, 2, 3 }))).containsExactly(1, 2, 3);
    }

    @Test
    void shouldRefuseOtherTypesWithoutJackson() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.simple.encode(new Book("a", 1)))
            .withMessageContaining(Book.class.getName())
            .withMessageContaining("jackson");
    }

    @Test
    void shouldRefuseUnknownTags() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.simple.decode(new byte[] { 0x20, 0, 0 }))
            .withMessageContaining("tag=32");
        assertThatIllegalArgumentException().isThrownBy(() -> this.simple.decode(new byte[] { 0x03, 1 }))
            .withMessageContaining("expected 4 bytes");
    }

    @Test
    void shouldRoundTripJsonValuesWithTheirTypes() {
        Book book = new Book("Dune", 1965);
        assertThat(this.jackson.decode(this.jackson.encode(book))).isEqualTo(book);
        assertThat(this.jackson.decode(this.jackson.encode(List.of(book)))).isEqualTo(List.of(book));
        assertThat(this.jackson.decode(this.jackson.encode(Set.of(book)))).isEqualTo(Set.of(book));
        assertThat(this.jackson.decode(this.jackson.encode(Map.of("a", book)))).isEqualTo(Map.of("a", book));
        assertThat(this.jackson.decode(this.jackson.encode(List.of()))).isEqualTo(List.of());
        assertThat(this.jackson.decode(this.jackson.encode(new Book[] { book }))).isEqualTo(new Book[] { book });
    }

    @Test
    void shouldRefuseMixedCollections() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.jackson.encode(List.of(1, "a")))
            .withMessageContaining("mixed element types");
    }

    @Test
    void shouldRefuseTypesOutsideTrustedPackagesWhenReading() {
        JacksonOrbitValueCodec strict = new JacksonOrbitValueCodec(JsonMapper.shared(), List.of("com.example"));
        byte[] bytes = this.jackson.encode(new Book("Dune", 1965));
        assertThatIllegalArgumentException().isThrownBy(() -> strict.decode(bytes))
            .withMessageContaining(Book.class.getName())
            .withMessageContaining("trusted packages")
            .withMessageContaining("orbit.cache.trusted-packages");
        assertThat(strict.decode(strict.encode(List.of("a")))).isEqualTo(List.of("a"));
        JacksonOrbitValueCodec trusting = new JacksonOrbitValueCodec(JsonMapper.shared(),
                List.of("dev.orbit.spring"));
        assertThat(trusting.decode(bytes)).isEqualTo(new Book("Dune", 1965));
    }

    @Test
    void shouldRefuseTypesOutsideTrustedPackagesWhenWriting() {
        JacksonOrbitValueCodec strict = new JacksonOrbitValueCodec(JsonMapper.shared(), List.of("com.example"));
        assertThatIllegalArgumentException().isThrownBy(() -> strict.encode(new Book("Dune", 1965)))
            .withMessageContaining(Book.class.getName())
            .withMessageContaining("would never be read back");
        assertThatIllegalArgumentException().isThrownBy(() -> strict.encode(List.of(new Book("Dune", 1965))))
            .withMessageContaining(Book.class.getName());
        assertThatIllegalArgumentException().isThrownBy(() -> strict.encode(new Book[] { new Book("Dune", 1965) }))
            .withMessageContaining(Book.class.getName());
    }

    @Test
    void shouldTrustOnlyJavaTypesWithoutTrustedPackages() {
        JacksonOrbitValueCodec javaOnly = new JacksonOrbitValueCodec(JsonMapper.shared(), List.of());
        assertThat(javaOnly.decode(javaOnly.encode(Map.of("a", List.of(1, 2))))).isEqualTo(Map.of("a", List.of(1, 2)));
        assertThat(javaOnly.decode(javaOnly.encode(java.time.LocalDate.of(2026, 1, 2))))
            .isEqualTo(java.time.LocalDate.of(2026, 1, 2));
        byte[] bytes = this.jackson.encode(new Book("Dune", 1965));
        assertThatIllegalArgumentException().isThrownBy(() -> javaOnly.decode(bytes))
            .withMessageContaining(Book.class.getName());
        assertThatIllegalArgumentException().isThrownBy(() -> javaOnly.encode(new Book("Dune", 1965)));
    }

    @Test
    void shouldTrustEveryClassOnlyWhenToldSo() {
        JacksonOrbitValueCodec permissive = new JacksonOrbitValueCodec(JsonMapper.shared(), List.of("*"));
        assertThat(permissive.decode(permissive.encode(new Book("Dune", 1965)))).isEqualTo(new Book("Dune", 1965));
    }

    @Test
    void shouldRefuseUnknownTypes() {
        byte[] bytes = this.jackson.encode(new Book("Dune", 1965));
        String encoded = new String(bytes, StandardCharsets.ISO_8859_1).replace("Book", "Nook");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.jackson.decode(encoded.getBytes(StandardCharsets.ISO_8859_1)))
            .withMessageContaining("Nook");
    }

    record Book(String title, int year) {
    }

}
