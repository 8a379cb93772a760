package dev.orbit.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import dev.orbit.testsupport.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MembershipTest {

    private final ManualClock clock = new ManualClock(0);

    private static ByteBuffer members() {
        final ByteBuffer buffer = ByteBuffer.allocateDirect((int)MembersDescriptor.length(FleetBuilder.MEMBER_SLOTS))
            .order(ByteOrder.LITTLE_ENDIAN);
        Membership.initialise(buffer, FleetBuilder.MEMBER_SLOTS, 1000);
        return buffer;
    }

    private Membership membership(final ByteBuffer buffer) {
        return new Membership(buffer, "f", clock, 1000, ProcessProbe.self());
    }

    @Test
    void shouldNotTakeSlotOfClaimerWhosePidItCannotSee() {
        final ByteBuffer buffer = members();
        final long unseenPid = 4_000_000L;
        buffer.putLong(MembersDescriptor.slotOffset(0), MembersDescriptor.word(MembersDescriptor.CLAIMING, 1, unseenPid));

        assertThat(membership(buffer).claim(OptionalInt.empty(), "b")).isEqualTo(1);
        assertThatThrownBy(() -> membership(buffer).claim(OptionalInt.of(0), "c"))
            .isInstanceOf(NodeIdInUseException.class)
            .hasMessageContaining("nodeId=0");
    }

    @Test
    void shouldLoseClaimWhenSlotWasTakenBeforeItWentLive() {
        final ByteBuffer buffer = members();
        final Membership first = membership(buffer);
        assertThat(first.claim(OptionalInt.of(3), "a")).isEqualTo(3);

        assertThat(first.keepAlive(1)).isTrue();
        buffer.putLong(MembersDescriptor.slotOffset(3), MembersDescriptor.word(MembersDescriptor.LIVE, 9, 1));
        assertThat(first.keepAlive(2)).isFalse();
        assertThat(first.touch(2)).isFalse();
    }

    @Test
    void shouldNotOverflowStalenessWhenRecordedIntervalIsHuge() {
        final ByteBuffer buffer = members();
        buffer.putLong(MembersDescriptor.HEARTBEAT_INTERVAL_OFFSET, Long.MAX_VALUE / 4);
        final int slot = MembersDescriptor.slotOffset(5);
        buffer.putLong(slot + MembersDescriptor.START_TIME_OFFSET, 1);
        buffer.putLong(slot + MembersDescriptor.PID_NAMESPACE_OFFSET, ProcessProbe.self().pidNamespace() + 1);
        buffer.putLong(slot + MembersDescriptor.LAST_SEEN_OFFSET, 10_000);
        buffer.putLong(slot + MembersDescriptor.WORD_OFFSET, MembersDescriptor.word(MembersDescriptor.LIVE, 1, 77));
        clock.update(10_001);

        assertThat(membership(buffer).isGone(5)).isFalse();
    }

    @Test
    void shouldJudgeMemberOfAnotherNamespaceByItsLastSign() {
        final ByteBuffer buffer = members();
        final int slot = MembersDescriptor.slotOffset(5);
        buffer.putLong(slot + MembersDescriptor.START_TIME_OFFSET, 1);
        buffer.putLong(slot + MembersDescriptor.PID_NAMESPACE_OFFSET, ProcessProbe.self().pidNamespace() + 1);
        buffer.putLong(slot + MembersDescriptor.LAST_SEEN_OFFSET, 1_000);
        buffer.putLong(slot + MembersDescriptor.KEPT_ALIVE_OFFSET, 10_000);
        buffer.putLong(slot + MembersDescriptor.WORD_OFFSET, MembersDescriptor.word(MembersDescriptor.LIVE, 1, 77));
        final Membership membership = membership(buffer);

        clock.update(10_000 + 5_000);
        assertThat(membership.isGone(5)).isFalse();
        clock.update(10_000 + 5_001);
        assertThat(membership.isGone(5)).isTrue();
        buffer.putLong(slot + MembersDescriptor.KEPT_ALIVE_OFFSET, 15_001);
        assertThat(membership.isGone(5)).isFalse();
    }
}
