package dev.orbit.fleet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The members segment's offsets, derived in the descriptor, stay the values of its diagram.
 */
class MembersDescriptorTest {

    @Test
    void shouldKeepTheMembersLayout() {
        assertThat(new int[] {MembersDescriptor.SLOT_COUNT_OFFSET, MembersDescriptor.SLOT_LENGTH_OFFSET,
            MembersDescriptor.HEARTBEAT_INTERVAL_OFFSET, MembersDescriptor.HOST_EPOCH_OFFSET, MembersDescriptor.HEADER_LENGTH, MembersDescriptor.SLOT_LENGTH,
            MembersDescriptor.WORD_OFFSET, MembersDescriptor.START_TIME_OFFSET, MembersDescriptor.PID_NAMESPACE_OFFSET,
            MembersDescriptor.LAST_SEEN_OFFSET, MembersDescriptor.JOINED_AT_OFFSET, MembersDescriptor.LABEL_LENGTH_OFFSET,
            MembersDescriptor.LABEL_OFFSET, MembersDescriptor.KEPT_ALIVE_OFFSET})
            .containsExactly(40, 44, 48, 56, 128, 128, 0, 8, 16, 24, 32, 40, 48, 112);
        assertThat(MembersDescriptor.HOST_EPOCH_OFFSET + Long.BYTES).isLessThanOrEqualTo(MembersDescriptor.HEADER_LENGTH);
        assertThat(MembersDescriptor.KEPT_ALIVE_OFFSET + Long.BYTES).isLessThanOrEqualTo(MembersDescriptor.SLOT_LENGTH);
    }
}
