package dev.orbit.spring.cache;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.fail;

/**
 * Tests for {@link DefaultOrbitKeyCodec}: examples of every rule, then property tests that generate keys of mixed
 * types from fixed seeds and check that distinct keys never share a form and equal keys always do.
 */
class DefaultOrbitKeyCodecTests {

    private final DefaultOrbitKeyCodec codec = new DefaultOrbitKeyCodec();

    @Test
    void shouldKeepStringsAsTheyAre() {
        assertThat(this.codec.encode("isbn-42")).isEqualTo("isbn-42");
        assertThat(this.codec.encode("")).isEmpty();
        assertThat(this.codec.encode("SimpleKey [a,x]")).isEqualTo("SimpleKey [a,x]");
    }

    @Test
    void shouldEscapeStringsThatStartLikeTypedForms() {
        assertThat(this.codec.encode("#42L")).isEqualTo("##42L");
        assertThat(this.codec.encode("#")).isEqualTo("##");
        assertThat(this.codec.encode(42L)).isEqualTo("#42L");
        assertThat(this.codec.encode("#42L")).isNotEqualTo(this.codec.encode(42L));
    }

    @Test
    void shouldPutTheTypeInTheFormOfScalars() {
        assertThat(this.codec.encode(1)).isEqualTo("#1");
        assertThat(this.codec.encode(1L)).isEqualTo("#1L");
        assertThat(this.codec.encode((short) 1)).isEqualTo("#(short)1");
        assertThat(this.codec.encode((byte) 1)).isEqualTo("#(byte)1");
        assertThat(this.codec.encode(1.5f)).isEqualTo("#(float)1.5");
        assertThat(this.codec.encode(1.5d)).isEqualTo("#(double)1.5");
        assertThat(this.codec.encode(Double.NaN)).isEqualTo("#(double)NaN");
        assertThat(this.codec.encode(-0.0d)).isNotEqualTo(this.codec.encode(0.0d));
        assertThat(this.codec.encode(true)).isEqualTo("#true");
        assertThat(this.codec.encode('c')).isEqualTo("#'c'");
        assertThat(this.codec.encode('\'')).isEqualTo("#'\\''");
        assertThat(Set.of(this.codec.encode(1), this.codec.encode(1L), this.codec.encode("1"),
                this.codec.encode((short) 1), this.codec.encode(1.0d), this.codec.encode('1'))).hasSize(6);
    }

    @Test
    void shouldNameTheEnumClassOfAConstant() {
        assertThat(this.codec.encode(Colour.RED))
            .isEqualTo("#" + Colour.class.getName() + ".RED")
            .isNotEqualTo(this.codec.encode(Signal.RED))
            .isNotEqualTo(this.codec.encode("RED"));
        assertThat(this.codec.encode(Signal.GREEN)).isEqualTo("#" + Signal.class.getName() + ".GREEN");
    }

    @Test
    void shouldTellSimpleKeyFromItsTextAndListFromSet() {
        assertThat(this.codec.encode(new SimpleKey("a", "x"))).isEqualTo("#SimpleKey[\"a\",\"x\"]")
            .isNotEqualTo(this.codec.encode("SimpleKey [a,x]"))
            .isNotEqualTo(this.codec.encode(new SimpleKey("a,x")))
            .isNotEqualTo(this.codec.encode(List.of("a", "x")));
        assertThat(this.codec.encode(Set.of("x"))).isEqualTo("#Set[\"x\"]")
            .isNotEqualTo(this.codec.encode(List.of("x")));
        assertThat(this.codec.encode(SimpleKey.EMPTY)).isEqualTo("#SimpleKey[]");
        assertThat(this.codec.encode(new SimpleKey("say \"hi\"", null)))
            .isEqualTo("#SimpleKey[\"say \\\"hi\\\"\",null]");
    }

    @Test
    void shouldEncodeEqualCollectionsEquallyWhateverTheirImplementation() {
        assertThat(this.codec.encode(new LinkedList<>(List.of(1, 2)))).isEqualTo(this.codec.encode(List.of(1, 2)))
            .isEqualTo("#List[1,2]");
        assertThat(this.codec.encode(new TreeSet<>(Set.of("b", "a"))))
            .isEqualTo(this.codec.encode(new LinkedHashSet<>(List.of("b", "a"))))
            .isEqualTo("#Set[\"a\",\"b\"]");
        Map<String, Integer> inserted = new LinkedHashMap<>();
        inserted.put("b", 2);
        inserted.put("a", 1);
        assertThat(this.codec.encode(inserted)).isEqualTo(this.codec.encode(new TreeMap<>(inserted)))
            .isEqualTo("#Map{\"a\"=1,\"b\"=2}");
        assertThat(this.codec.encode(new SimpleKey("a", new int[] { 1, 2 })))
            .isEqualTo(this.codec.encode(new SimpleKey("a", new int[] { 1, 2 })))
            .isEqualTo("#SimpleKey[\"a\",int[1,2]]")
            .isNotEqualTo(this.codec.encode(new SimpleKey("a", new long[] { 1, 2 })));
        assertThat(this.codec.encode(new SimpleKey("a", new Object[] { "b" })))
            .as("SimpleKey compares Object[] and String[] by content")
            .isEqualTo(this.codec.encode(new SimpleKey("a", new String[] { "b" })));
        assertThat(this.codec.encode(Optional.of("a"))).isEqualTo("#Optional[\"a\"]");
        assertThat(this.codec.encode(Optional.empty())).isEqualTo("#Optional[]");
    }

    @Test
    void shouldEncodeRecordsByTheirComponents() {
        assertThat(this.codec.encode(new Isbn("978", 1)))
            .isEqualTo("#" + Isbn.class.getName() + "(\"978\",1)")
            .isNotEqualTo(this.codec.encode(new Pair("978", 1)))
            .isNotEqualTo(this.codec.encode(new Isbn("978", 1).toString()));
        assertThat(this.codec.encode(new Isbn("9,78", 1))).isNotEqualTo(this.codec.encode(new Isbn("9", 78)));
    }

    @Test
    void shouldEncodeValueTypesByClassAndText() {
        UUID id = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        assertThat(this.codec.encode(id)).isEqualTo("#java.util.UUID(\"" + id + "\")");
        assertThat(this.codec.encode(LocalDate.of(2026, 1, 2))).isEqualTo("#java.time.LocalDate(\"2026-01-02\")");
        assertThat(this.codec.encode(new BigDecimal("1.0"))).isNotEqualTo(this.codec.encode(new BigDecimal("1.00")));
        assertThat(this.codec.encode(new Date(1_000))).isEqualTo("#java.util.Date(1000)")
            .isNotEqualTo(this.codec.encode(new Date(1_001)));
    }

    @Test
    void shouldRefuseKeysWithoutValueEquality() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(new Object()))
            .withMessageContaining("java.lang.Object")
            .withMessageContaining("identity equals")
            .withMessageContaining("OrbitKeyCodec");
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(new StringBuilder("a")))
            .withMessageContaining("java.lang.StringBuilder");
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(new EqualsWithoutText(1)))
            .withMessageContaining("toString()");
    }

    @Test
    void shouldRefuseKeysThatContainThemselves() {
        List<Object> loop = new ArrayList<>();
        loop.add(loop);
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(loop))
            .withMessageContaining("nested too deeply");
    }

    @Test
    void shouldNeverStoreAStringKeyInADigestsPlace() {
        CacheEntryCodec entries = new CacheEntryCodec("books", this.codec, new SimpleOrbitValueCodec(), 1000);
        CacheEntryCodec.Key digested = entries.key("k".repeat(500));
        String stored = new String(digested.bytes(), StandardCharsets.US_ASCII);
        assertThat(stored).startsWith(CacheEntryCodec.DIGEST_PREFIX);
        assertThat(entries.key(stored).bytes()).isNotEqualTo(digested.bytes());
        assertThat(entries.key("k".repeat(499)).bytes()).isNotEqualTo(digested.bytes());
    }

    @ParameterizedTest
    @ValueSource(longs = { 1L, 42L, 20260101L, -7L })
    void shouldGiveDistinctKeysDistinctFormsAndEqualKeysEqualForms(long seed) {
        KeyGenerator generator = new KeyGenerator(new SplittableRandom(seed));
        Map<String, Object> byForm = new HashMap<>();
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            keys.add(generator.key(0));
        }
        // Strings made of other keys' forms, with and without the typed marker: the codec's own text must not
        // let a string stand for another key.
        List<Object> attacks = new ArrayList<>();
        for (Object key : keys) {
            String form = this.codec.encode(key);
            attacks.add(form);
            if (form.startsWith("#")) {
                attacks.add(form.substring(1));
            }
            attacks.add(String.valueOf(key));
        }
        keys.addAll(attacks);
        for (Object key : keys) {
            String form = this.codec.encode(key);
            Object previous = byForm.putIfAbsent(form, key);
            if (previous != null && !Objects.deepEquals(previous, key)) {
                fail("seed %d: distinct keys share the form %s: %s (%s) and %s (%s)", seed, form, describe(previous),
                        previous.getClass().getName(), describe(key), key.getClass().getName());
            }
            Object rebuilt = generator.rebuild(key);
            assertThat(Objects.deepEquals(rebuilt, key)).as("the rebuilt copy of %s is equal", describe(key))
                .isTrue();
            assertThat(this.codec.encode(rebuilt)).as("seed %d: the form of an equal key built otherwise", seed)
                .isEqualTo(form);
        }
        assertThat(byForm).as("the generator produced many distinct keys").hasSizeGreaterThan(3_000);
    }

    private static String describe(Object key) {
        return (key instanceof Object[] array) ? Arrays.deepToString(array) : String.valueOf(key);
    }

    /**
     * Keys of mixed types from a seeded source: small value ranges make keys of different types look alike, and
     * strings use the characters the forms use.
     */
    private static final class KeyGenerator {

        private static final String ALPHABET = "ax1L#\"\\',[](){}=. é";

        private final SplittableRandom random;

        KeyGenerator(SplittableRandom random) {
            this.random = random;
        }

        Object key(int depth) {
            int kind = this.random.nextInt((depth > 2) ? 14 : 22);
            return switch (kind) {
                case 0, 1, 2 -> string();
                case 3 -> this.random.nextInt(-2, 3);
                case 4 -> (long) this.random.nextInt(-2, 3);
                case 5 -> (short) this.random.nextInt(-2, 3);
                case 6 -> (byte) this.random.nextInt(-2, 3);
                case 7 -> new double[] { 0.0, -0.0, 1.0, Double.NaN, 1e10 }[this.random.nextInt(5)];
                case 8 -> new float[] { 0.0f, -0.0f, 1.0f, Float.NaN }[this.random.nextInt(4)];
                case 9 -> this.random.nextBoolean();
                case 10 -> ALPHABET.charAt(this.random.nextInt(ALPHABET.length()));
                case 11 -> this.random.nextBoolean() ? Colour.values()[this.random.nextInt(2)]
                        : Signal.values()[this.random.nextInt(2)];
                case 12 -> this.random.nextBoolean() ? new Isbn(string(), this.random.nextInt(3))
                        : new Pair(string(), this.random.nextInt(3));
                case 13 -> switch (this.random.nextInt(4)) {
                    case 0 -> new BigDecimal(new String[] { "1", "1.0", "1.00" }[this.random.nextInt(3)]);
                    case 1 -> LocalDate.of(2026, 1, 1 + this.random.nextInt(3));
                    case 2 -> new Date(this.random.nextInt(3));
                    default -> new UUID(0, this.random.nextInt(3));
                };
                case 14, 15 -> new SimpleKey(elements(depth, true).toArray());
                case 16 -> List.copyOf(nonNull(elements(depth, false)));
                case 17 -> Set.copyOf(nonNull(elements(depth, false)));
                case 18 -> map(depth);
                case 19 -> elements(depth, true).toArray();
                case 20 -> new int[] { this.random.nextInt(3), this.random.nextInt(3) };
                default -> this.random.nextBoolean() ? Optional.of(withoutArrays(key(depth + 1))) : Optional.empty();
            };
        }

        private Object withoutArrays(Object key) {
            return containsArray(key) ? string() : key;
        }

        private String string() {
            int length = this.random.nextInt(4);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
            }
            return text.toString();
        }

        /**
         * @param arrays whether elements may be arrays (compared by content only inside SimpleKey and arrays).
         */
        private List<Object> elements(int depth, boolean arrays) {
            int size = this.random.nextInt(4);
            List<Object> elements = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Object element = (this.random.nextInt(8) == 0) ? null : key(depth + 1);
                elements.add(arrays ? element : withoutArrays(element));
            }
            return elements;
        }

        private Map<Object, Object> map(int depth) {
            Map<Object, Object> map = new HashMap<>();
            for (Object key : nonNull(elements(depth, false))) {
                map.put(key, (this.random.nextInt(6) == 0) ? null : scalarOrString());
            }
            return map;
        }

        private Object scalarOrString() {
            return this.random.nextBoolean() ? string() : this.random.nextInt(-2, 3);
        }

        private static List<Object> nonNull(List<Object> elements) {
            List<Object> distinct = new ArrayList<>(new LinkedHashSet<>(elements));
            distinct.removeIf(Objects::isNull);
            return distinct;
        }

        private static boolean containsArray(Object key) {
            if (key == null) {
                return false;
            }
            if (key.getClass().isArray()) {
                return true;
            }
            if (key instanceof Optional<?> optional) {
                return optional.isPresent() && containsArray(optional.get());
            }
            if (key instanceof Map<?, ?> map) {
                return map.keySet().stream().anyMatch(KeyGenerator::containsArray);
            }
            if (key instanceof java.util.Collection<?> collection) {
                return collection.stream().anyMatch(KeyGenerator::containsArray);
            }
            return key instanceof SimpleKey;
        }

        /**
         * An equal key built from other implementations (and, for sets and maps, another iteration order).
         */
        Object rebuild(Object key) {
            if (key instanceof List<?> list) {
                List<Object> copy = new LinkedList<>();
                list.forEach((element) -> copy.add(rebuild(element)));
                return copy;
            }
            if (key instanceof Set<?> set) {
                List<Object> elements = new ArrayList<>();
                set.forEach((element) -> elements.add(rebuild(element)));
                Collections.reverse(elements);
                return new LinkedHashSet<>(elements);
            }
            if (key instanceof Map<?, ?> map) {
                List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
                Collections.reverse(entries);
                Map<Object, Object> copy = new LinkedHashMap<>();
                entries.forEach((entry) -> copy.put(rebuild(entry.getKey()), entry.getValue()));
                return copy;
            }
            if (key instanceof Object[] array) {
                return Arrays.stream(array).map(this::rebuild).toArray();
            }
            if (key instanceof int[] array) {
                return array.clone();
            }
            if (key instanceof String text) {
                return new String(text.toCharArray());
            }
            return key;
        }

    }

    enum Colour {

        RED, GREEN

    }

    enum Signal {

        RED, GREEN {

            @Override
            public String toString() {
                return "go";
            }

        }

    }

    @Test
    void shouldWriteTheSameBytesWithoutTheTextForStringsIntegersAndLongs() {
        SplittableRandom random = new SplittableRandom(20261204L);
        List<Object> keys = new ArrayList<>(List.of("", "#", "##", "#42L", "isbn-42", "\u00e9t\u00e9", "\u4e2d\u6587",
                "\u0000", "\u007f\u0080\u07ff\u0800\uffff", 0, -1, 7, Integer.MIN_VALUE, Integer.MAX_VALUE, 0L, -1L, 42L,
                Long.MIN_VALUE, Long.MAX_VALUE));
        for (int i = 0; i < 2_000; i++) {
            keys.add(random.nextInt());
            keys.add(random.nextLong());
            keys.add(randomText(random));
        }
        ByteBuffer out = ByteBuffer.allocate(1024);
        for (Object key : keys) {
            String form = this.codec.encode(key);
            out.clear().position(3);
            boolean written = this.codec.encodeUtf8(key, out, 1000);
            if (form.chars().anyMatch((c) -> Character.isSurrogate((char) c))) {
                assertThat(written).as("form with a surrogate: %s", form).isFalse();
                assertThat(out.position()).isEqualTo(3);
                continue;
            }
            assertThat(written).as("key %s", key).isTrue();
            byte[] bytes = new byte[out.position() - 3];
            out.get(3, bytes);
            assertThat(bytes).as("key %s", key).isEqualTo(form.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldLeaveOtherKeysAndFormsThatDoNotFitToTheText() {
        ByteBuffer out = ByteBuffer.allocate(16);
        for (Object key : List.of(new SimpleKey("a", 1), UUID.randomUUID(), 1.5d, List.of(1), "\ud83d\ude00")) {
            assertThat(this.codec.encodeUtf8(key, out, 16)).as("key %s", key).isFalse();
        }
        assertThat(this.codec.encodeUtf8("0123456789", out, 9)).isFalse();
        assertThat(this.codec.encodeUtf8("\u4e2d\u6587\u4e2d", out, 8)).isFalse();
        assertThat(this.codec.encodeUtf8(Long.MIN_VALUE, out, 16)).isFalse();
        assertThat(this.codec.encodeUtf8(1234567890, out.position(6), 16)).isFalse();
        assertThat(out.position()).isEqualTo(6);
        assertThat(this.codec.encodeUtf8("0123456789", out.clear(), 10)).isTrue();
        assertThat(out.position()).isEqualTo(10);
    }

    private static String randomText(SplittableRandom random) {
        int length = random.nextInt(0, 40);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(switch (random.nextInt(5)) {
                case 0 -> (char) random.nextInt(0x20, 0x80);
                case 1 -> (char) random.nextInt(0x80, 0x800);
                case 2 -> (char) random.nextInt(0x800, 0xD800);
                case 3 -> '#';
                default -> (char) random.nextInt(0xD800, 0xE000); // a surrogate, paired or not
            });
        }
        return text.toString();
    }

    record Isbn(String prefix, int number) {
    }

    record Pair(String prefix, int number) {
    }

    static final class EqualsWithoutText {

        private final int value;

        EqualsWithoutText(int value) {
            this.value = value;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof EqualsWithoutText that && that.value == this.value;
        }

        @Override
        public int hashCode() {
            return this.value;
        }

    }

}
