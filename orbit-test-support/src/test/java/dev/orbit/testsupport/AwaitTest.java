package dev.orbit.testsupport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwaitTest {

    @Test
    void shouldReturnOnceTheConditionHolds() {
        final AtomicInteger polls = new AtomicInteger();

        Await.until(Duration.ofSeconds(30), () -> polls.incrementAndGet() == 3, "the third poll");

        assertThat(polls).hasValue(3);
    }

    @Test
    void shouldReturnTheFirstAcceptedValue() {
        final AtomicInteger polls = new AtomicInteger();

        final int value = Await.value(Duration.ofSeconds(30), polls::incrementAndGet, v -> v >= 4, "four polls");

        assertThat(value).isEqualTo(4);
    }

    @Test
    void shouldTakeAnExceptionOfTheProbeForNotYet() {
        final AtomicInteger polls = new AtomicInteger();

        final String value = Await.value(Duration.ofSeconds(30), () -> {
            if (polls.incrementAndGet() < 3) {
                throw new java.io.IOException("connection refused");
            }
            return "up";
        }, v -> true, "the server");

        assertThat(value).isEqualTo("up");
    }

    @Test
    void shouldNameTheLastExceptionAtTheDeadline() {
        assertThatThrownBy(() -> Await.value(Duration.ofMillis(50), () -> {
            throw new java.io.IOException("connection refused");
        }, v -> true, "the server"))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("waiting for the server; last error: java.io.IOException: connection refused")
            .hasCauseInstanceOf(java.io.IOException.class);
    }

    @Test
    void shouldFailAtTheDeadlineNamingWhatItAwaitedAndTheLastValue() {
        assertThatThrownBy(() -> Await.value(Duration.ofMillis(50), () -> "pending", v -> false, "the answer"))
            .isInstanceOf(AssertionError.class)
            .hasMessage("timed out after PT0.05S waiting for the answer; last value: pending");
    }
}
