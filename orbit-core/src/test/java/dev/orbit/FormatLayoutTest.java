package dev.orbit;

import org.junit.jupiter.api.Test;

import dev.orbit.cache.CacheFrameDescriptor;
import dev.orbit.event.EventFrameDescriptor;
import dev.orbit.fleet.HostFrameDescriptor;
import dev.orbit.internal.contest.ClaimsDescriptor;
import dev.orbit.internal.contest.ContestFrameDescriptor;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.RingDescriptor;
import dev.orbit.ring.SlotDescriptor;
import dev.orbit.shm.SegmentDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared-memory format is a contract with every process and tool that maps the files: the offsets the
 * descriptors derive must stay the values their diagrams show.
 */
class FormatLayoutTest {

    @Test
    void shouldKeepTheSegmentHeader() {
        assertThat(new int[] {SegmentDescriptor.MAGIC_OFFSET, SegmentDescriptor.FORMAT_VERSION_OFFSET,
            SegmentDescriptor.TYPE_TAG_OFFSET, SegmentDescriptor.HEADER_LENGTH_OFFSET, SegmentDescriptor.LENGTH_OFFSET,
            SegmentDescriptor.CREATED_AT_OFFSET, SegmentDescriptor.CREATOR_PID_OFFSET,
            SegmentDescriptor.TYPE_HEADER_OFFSET, SegmentDescriptor.HEADER_LENGTH})
            .containsExactly(0, 4, 8, 12, 16, 24, 32, 40, 64);
    }

    @Test
    void shouldKeepTheRingHeaderWithTheHeadAndTheCountersOnCacheLinesOfTheirOwn() {
        assertThat(new int[] {RingDescriptor.CAPACITY_OFFSET, RingDescriptor.PAYLOAD_CAPACITY_OFFSET,
            RingDescriptor.SLOT_STRIDE_OFFSET, RingDescriptor.KIND_OFFSET, RingDescriptor.TOPOLOGY_OFFSET,
            RingDescriptor.LANE_COUNT_OFFSET, RingDescriptor.FLOOR_OFFSET, RingDescriptor.HEAD_OFFSET,
            RingDescriptor.LOST_WRITES_OFFSET, RingDescriptor.BUSY_WRITES_OFFSET, RingDescriptor.ABANDONED_OFFSET,
            RingDescriptor.TAKEOVERS_OFFSET, RingDescriptor.SLEEPERS_OFFSET, RingDescriptor.SLEEPING_NODES_OFFSET,
            RingDescriptor.HEADER_LENGTH})
            .containsExactly(40, 44, 48, 52, 53, 54, 56, 128, 256, 264, 272, 280, 320, 328, 384);
    }

    @Test
    void shouldKeepTheSlotHeader() {
        assertThat(new int[] {SlotDescriptor.SEQ_OFFSET, SlotDescriptor.ID_OFFSET, SlotDescriptor.VERSION_OFFSET,
            SlotDescriptor.LENGTH_OFFSET, SlotDescriptor.FRAME_KIND_OFFSET, SlotDescriptor.HEADER_LENGTH,
            SlotDescriptor.ALIGNMENT})
            .containsExactly(0, 8, 16, 24, 28, 32, 64);
    }

    @Test
    void shouldKeepTheClaimsTable() {
        assertThat(new int[] {ClaimsDescriptor.BUCKET_COUNT_OFFSET, ClaimsDescriptor.EXPIRY_EPOCH_OFFSET,
            ClaimsDescriptor.FENCE_COUNTER_OFFSET, ClaimsDescriptor.HEADER_LENGTH, ClaimsDescriptor.HASH_OFFSET,
            ClaimsDescriptor.LOCK_OFFSET, ClaimsDescriptor.FENCE_OFFSET, ClaimsDescriptor.HIGH_WATER_OFFSET,
            ClaimsDescriptor.DETAILS_OFFSET, ClaimsDescriptor.SUBJECT_KIND_OFFSET, ClaimsDescriptor.OWNER_LENGTH_OFFSET,
            ClaimsDescriptor.LABEL_LENGTH_OFFSET, ClaimsDescriptor.REACH_OFFSET, ClaimsDescriptor.HOME_LOCK_OFFSET,
            ClaimsDescriptor.GENERATION_OFFSET, ClaimsDescriptor.BUCKET_LENGTH, ClaimsDescriptor.LABEL_TEXT_OFFSET,
            ClaimsDescriptor.TEXT_LENGTH})
            .containsExactly(40, 48, 128, 256, 0, 8, 16, 24, 32, 40, 41, 42, 44, 48, 56, 64, 64, 320);
        assertThat(ClaimsDescriptor.GENERATION_OFFSET + Long.BYTES).isLessThanOrEqualTo(ClaimsDescriptor.BUCKET_LENGTH);
    }

    @Test
    void shouldKeepTheFrameEncodings() {
        assertThat(new int[] {CacheFrameDescriptor.OP_OFFSET, CacheFrameDescriptor.KEY_LENGTH_OFFSET,
            CacheFrameDescriptor.VALUE_LENGTH_OFFSET, CacheFrameDescriptor.EXPIRES_AT_OFFSET,
            CacheFrameDescriptor.HEADER_LENGTH})
            .containsExactly(0, 1, 3, 5, 13);
        assertThat(new int[] {CacheFrameDescriptor.PUT, CacheFrameDescriptor.DELETE, CacheFrameDescriptor.RESET_PREFIX,
            CacheFrameDescriptor.VERSIONED_PUT, CacheFrameDescriptor.VERSIONED_DELETE,
            CacheFrameDescriptor.VERSIONED_CLEAR})
            .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(new int[] {ContestFrameDescriptor.OP_OFFSET, ContestFrameDescriptor.SUBJECT_KIND_OFFSET,
            ContestFrameDescriptor.LABEL_LENGTH_OFFSET, ContestFrameDescriptor.OWNER_LENGTH_OFFSET,
            ContestFrameDescriptor.NODE_OFFSET, ContestFrameDescriptor.FENCE_TOKEN_OFFSET,
            ContestFrameDescriptor.EXPIRES_AT_OFFSET, ContestFrameDescriptor.HEADER_LENGTH})
            .containsExactly(0, 1, 2, 4, 6, 8, 16, 24);
    }

    @Test
    void shouldKeepTheEventFrameWithItsHeaderBlock() {
        assertThat(new int[] {EventFrameDescriptor.FRAME_KIND_V1, EventFrameDescriptor.FRAME_KIND})
            .containsExactly(1, 2);
        assertThat(new int[] {EventFrameDescriptor.TOPIC_LENGTH_OFFSET, EventFrameDescriptor.PAYLOAD_LENGTH_OFFSET,
            EventFrameDescriptor.TIMESTAMP_OFFSET, EventFrameDescriptor.V1_HEADER_LENGTH,
            EventFrameDescriptor.HEADERS_LENGTH_OFFSET, EventFrameDescriptor.FLAGS_OFFSET,
            EventFrameDescriptor.RESERVED_OFFSET, EventFrameDescriptor.HEADER_LENGTH, EventFrameDescriptor.HEADERS_OFFSET})
            .containsExactly(0, 2, 4, 12, 12, 14, 15, 16, 16);
        assertThat(new int[] {EventFrameDescriptor.ENTRY_HEADER_LENGTH, EventFrameDescriptor.ORIGIN_FIXED_LENGTH,
            EventFrameDescriptor.STREAM_ID_LENGTH, EventFrameDescriptor.STREAM_NUMBER_LENGTH,
            EventFrameDescriptor.MAX_ENTRY_LENGTH, EventFrameDescriptor.MAX_HOST_ID_LENGTH})
            .containsExactly(2, 16, 16, 16, 255, 64);
        assertThat(new int[] {EventFrameDescriptor.ORIGIN, EventFrameDescriptor.STREAM_ID, EventFrameDescriptor.TRACEPARENT,
            EventFrameDescriptor.TRACESTATE, EventFrameDescriptor.CONTENT_TYPE, EventFrameDescriptor.STREAM_NUMBER,
            EventFrameDescriptor.FLAG_REMOTE})
            .containsExactly(1, 2, 3, 4, 5, 6, 1);
    }

    @Test
    void shouldKeepTheHostReportOnTheBridgeRing() {
        assertThat(Kinds.BRIDGE).isEqualTo(223);
        assertThat(HostFrameDescriptor.FRAME_KIND).isEqualTo(1);
        assertThat(new int[] {HostFrameDescriptor.HOST_EPOCH_OFFSET, HostFrameDescriptor.LAST_SEEN_OFFSET,
            HostFrameDescriptor.BRIDGE_NODE_OFFSET, HostFrameDescriptor.MEMBER_COUNT_OFFSET,
            HostFrameDescriptor.OMITTED_OFFSET, HostFrameDescriptor.STATUS_OFFSET,
            HostFrameDescriptor.HOST_ID_LENGTH_OFFSET, HostFrameDescriptor.HEADER_LENGTH})
            .containsExactly(0, 8, 16, 18, 20, 22, 23, 24);
        assertThat(new int[] {HostFrameDescriptor.MEMBER_NODE_OFFSET, HostFrameDescriptor.MEMBER_STATE_OFFSET,
            HostFrameDescriptor.MEMBER_LABEL_LENGTH_OFFSET, HostFrameDescriptor.MEMBER_PID_OFFSET,
            HostFrameDescriptor.MEMBER_LAST_SEEN_OFFSET, HostFrameDescriptor.MEMBER_HEADER_LENGTH})
            .containsExactly(0, 2, 3, 4, 8, 16);
    }
}
