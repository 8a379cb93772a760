package dev.orbit.internal.ring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeqWordTest {

    @Test
    void shouldPackCounterNodeAndState() {
        final long word = SeqWord.pack(123_456_789L, 65535, SeqWord.COMMITTED);

        assertThat(SeqWord.counter(word)).isEqualTo(123_456_789L);
        assertThat(SeqWord.node(word)).isEqualTo(65535);
        assertThat(SeqWord.state(word)).isEqualTo(SeqWord.COMMITTED);
        assertThat(SeqWord.toString(word)).isEqualTo("(123456789, node=65535, COMMITTED)");
    }

    @Test
    void shouldCompareCountersAcrossWrap() {
        final long max = SeqWord.COUNTER_MASK;
        final long word = SeqWord.pack(max, 1, SeqWord.WRITING);

        assertThat(SeqWord.compare(word, max)).isZero();
        assertThat(SeqWord.compare(word, max + 1)).isNegative();
        assertThat(SeqWord.compare(SeqWord.pack(max + 2, 1, SeqWord.WRITING), max)).isPositive();
        assertThat(SeqWord.compare(SeqWord.pack(10, 0, SeqWord.COMMITTED), 5)).isEqualTo(5);
    }
}
