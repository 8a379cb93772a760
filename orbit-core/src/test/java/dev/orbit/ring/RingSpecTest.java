package dev.orbit.ring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingSpecTest {

    @Test
    void shouldRoundStrideToCacheLines() {
        assertThat(RingSpec.of(2, 0).stride()).isEqualTo(64);
        assertThat(RingSpec.of(2, 32).stride()).isEqualTo(64);
        assertThat(RingSpec.of(2, 33).stride()).isEqualTo(128);
        assertThat(RingSpec.of(1024, 256).length()).isEqualTo(RingDescriptor.HEADER_LENGTH + 1024L * 320);
    }

    @Test
    void shouldRejectBadCapacityNamingIt() {
        assertThatThrownBy(() -> RingSpec.of(1000, 64)).hasMessageContaining("capacity=1000");
        assertThatThrownBy(() -> RingSpec.of(1, 64)).hasMessageContaining("capacity=1");
        assertThatThrownBy(() -> RingSpec.of(1 << 31 >>> 1 << 1, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RingSpec.of(16, -1)).hasMessageContaining("payloadCapacity=-1");
    }

    @Test
    void shouldRefuseRingLargerThanOneMappingWithItsSize() {
        assertThatThrownBy(() -> RingSpec.of(1 << 24, 1024))
            .hasMessageContaining("ring too large to map")
            .hasMessageContaining("length=" + (RingDescriptor.HEADER_LENGTH + (1L << 24) * 1088));
    }

    @Test
    void shouldRefuseReservedKindsForUserTypes() {
        assertThatThrownBy(() -> Kinds.validateUserKind(200, String.class))
            .hasMessageContaining("kind=200")
            .hasMessageContaining("java.lang.String")
            .hasMessageContaining("reserved");
        assertThatThrownBy(() -> Kinds.validateUserKind(0, String.class)).hasMessageContaining("kind=0");
        assertThat(Kinds.validateUserKind(199, String.class)).isEqualTo(199);
    }
}
