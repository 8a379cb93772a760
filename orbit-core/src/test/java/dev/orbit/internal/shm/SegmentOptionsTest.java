package dev.orbit.internal.shm;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.orbit.shm.AccessMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentOptionsTest
{
    @Test
    void shouldDefaultToOwnerModeOfThisProcess()
    {
        final SegmentOptions options = SegmentOptions.defaults();

        assertThat(options.mode()).isEqualTo(AccessMode.OWNER);
        assertThat(options.expectedUid()).isEqualTo(Processes.currentUid());
        assertThat(options.expectedGid()).isEqualTo(Processes.currentGid());
        assertThat(options.lockTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldReplaceOneValuePerWither()
    {
        final SegmentOptions options = SegmentOptions.defaults()
            .withMode(AccessMode.GROUP_READ)
            .withExpectedUid(12345)
            .withExpectedGid(54321)
            .withLockTimeout(Duration.ZERO);

        assertThat(options).isEqualTo(new SegmentOptions(AccessMode.GROUP_READ, 12345, 54321, Duration.ZERO));
    }

    @Test
    void shouldRefuseBadValuesWhenSet()
    {
        final SegmentOptions options = SegmentOptions.defaults();

        assertThatThrownBy(() -> options.withMode(null))
            .isInstanceOf(NullPointerException.class)
            .hasMessage("mode");
        assertThatThrownBy(() -> options.withLockTimeout(null))
            .isInstanceOf(NullPointerException.class)
            .hasMessage("lockTimeout");
        assertThatThrownBy(() -> options.withLockTimeout(Duration.ofMillis(-1)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("lockTimeout=PT-0.001S, expected zero or more");
        assertThatThrownBy(() -> options.withExpectedUid(-1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("expectedUid=-1 is not a user id");
        assertThatThrownBy(() -> options.withExpectedGid(-1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("expectedGid=-1 is not a group id");
    }

    @Test
    void shouldAcceptIdsAboveIntMaxAsNegativeInts()
    {
        assertThat(SegmentOptions.defaults().withExpectedUid(-2).expectedUid()).isEqualTo(-2);
    }
}
