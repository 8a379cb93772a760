package dev.orbit.tools;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void shouldParseShortFormsAndIso8601() {
        assertThat(Durations.parse("--interval", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("--interval", "2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("--interval", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("--interval", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("--interval", "PT0.5S")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("--interval", "pt1m")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldNameOptionAndValueWhenTheDurationIsInvalid() {
        assertThatThrownBy(() -> Durations.parse("--max-age", "1 s"))
            .isInstanceOf(UsageException.class).hasMessageContaining("--max-age=1 s");
    }

    @Test
    void shouldFormatForTheScreen() {
        assertThat(Durations.format(0)).isEqualTo("0ms");
        assertThat(Durations.format(999)).isEqualTo("999ms");
        assertThat(Durations.format(1_250)).isEqualTo("1.3s");
        assertThat(Durations.format(65_000)).isEqualTo("1m05s");
        assertThat(Durations.format(7_380_000)).isEqualTo("2h03m");
        assertThat(Durations.format(90_000_000)).isEqualTo("1d01h");
        assertThat(Durations.format(-1_500)).isEqualTo("-1.5s");
    }
}
