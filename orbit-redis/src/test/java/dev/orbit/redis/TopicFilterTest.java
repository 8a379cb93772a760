package dev.orbit.redis;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopicFilterTest {

    @Test
    void matchesNamesPrefixesAndAll() {
        final TopicFilter filter = TopicFilter.of(List.of("quotes", "orders.*"));
        assertThat(filter.matches("quotes")).isTrue();
        assertThat(filter.matches("quotes2")).isFalse();
        assertThat(filter.matches("quote")).isFalse();
        assertThat(filter.matches("orders.paid")).isTrue();
        assertThat(filter.matches("orders.eu.paid")).isTrue();
        assertThat(filter.matches("orders.")).isFalse();
        assertThat(filter.matches("orders")).isFalse();
        assertThat(filter.matches("ordersx.paid")).isFalse();
        assertThat(TopicFilter.ALL.matches("anything")).isTrue();
        assertThat(TopicFilter.of(List.of("a", "*")).matches("b")).isTrue();
    }

    @Test
    void refusesMalformedPatternsNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> TopicFilter.of(List.of()))
            .withMessageContaining("at least one");
        assertThatIllegalArgumentException().isThrownBy(() -> TopicFilter.of(List.of("orders*")))
            .withMessageContaining("'orders*'");
        assertThatIllegalArgumentException().isThrownBy(() -> TopicFilter.of(List.of("*.paid")))
            .withMessageContaining("'*.paid'");
        assertThatIllegalArgumentException().isThrownBy(() -> TopicFilter.of(List.of("")))
            .withMessageContaining("empty");
    }
}
