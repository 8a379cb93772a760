package dev.orbit.testsupport;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ManualClockTest {

    @Test
    void shouldMoveOnlyWhenMovedWithBothViewsTogether() {
        final ManualClock clock = new ManualClock(1_800_000_000_000L);
        final long nanos = clock.nanoTime();

        clock.advance(Duration.ofMillis(1_500));
        clock.advance(500);

        assertThat(clock.time()).isEqualTo(1_800_000_002_000L);
        assertThat(clock.nanoTime() - nanos).isEqualTo(Duration.ofSeconds(2).toNanos());
        clock.update(1_700_000_000_000L);
        assertThat(clock.time()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void shouldStartAtTheWallClockTime() {
        final long before = System.currentTimeMillis();

        assertThat(new ManualClock().time()).isBetween(before, System.currentTimeMillis());
    }
}
