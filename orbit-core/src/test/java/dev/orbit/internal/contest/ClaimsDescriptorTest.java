package dev.orbit.internal.contest;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClaimsDescriptorTest {

    @Test
    void shouldLayOutBucketsOnCacheLinesWhenSizingTheTable() {
        assertThat(ClaimsDescriptor.length(16)).isEqualTo(256 + 16 * (64 + 320));
        assertThat(ClaimsDescriptor.bucketOffset(1) % 64).isZero();
        assertThat(ClaimsDescriptor.textOffset(0, 16)).isEqualTo(256 + 16 * 64);
        assertThat(ClaimsDescriptor.FENCE_COUNTER_OFFSET % 128).isZero();
        assertThat(ClaimsDescriptor.HEADER_LENGTH - ClaimsDescriptor.FENCE_COUNTER_OFFSET).isEqualTo(128);
        assertThat(ClaimsDescriptor.LABEL_TEXT_OFFSET + ClaimsDescriptor.MAX_LABEL_LENGTH)
            .isLessThanOrEqualTo(ClaimsDescriptor.TEXT_LENGTH);
        assertThat(ClaimsDescriptor.length(ClaimsDescriptor.MAX_BUCKETS)).isLessThanOrEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void shouldRejectABucketCountWhenNotAPowerOfTwoOrTheBufferWhenTooSmall() {
        assertThatThrownBy(() -> ClaimsDescriptor.length(12))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("buckets=12");
        assertThatThrownBy(() -> ClaimsDescriptor.length(0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("buckets=0");
        assertThatThrownBy(() -> ClaimsDescriptor.initialise(ByteBuffer.allocateDirect(1024), 16))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("buffer too small for claims table: capacity=1024, required=6400, buckets=16");
    }
}
