package dev.orbit.fleet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;

import dev.orbit.internal.ring.Rings;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.Ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostFrameDescriptorTest {

    private static final long NOW = 1_700_000_000_000L;

    @Test
    void shouldReadBackAReportWhenEncodedAndDecoded() {
        final Host host = new Host("host-a", 42, false, PeerState.ALIVE, NOW - 10, 3, List.of(
            new HostMember(0, 1234, "web-é", PeerState.ALIVE, NOW - 20),
            new HostMember(3, 99, "", PeerState.GONE, NOW - 5000)), 0);
        final ByteBuffer buffer = ByteBuffer.allocate(512);
        final int length = HostFrameDescriptor.encode(buffer, 7, 400, host);

        assertThat(HostFrameDescriptor.decode(HostFrameDescriptor.FRAME_KIND, buffer, 7, length, 1)).contains(host);
        assertThat(HostFrameDescriptor.decode(HostFrameDescriptor.FRAME_KIND, buffer, 7, length, 42))
            .get().extracting(Host::local).isEqualTo(true);
        assertThat(HostFrameDescriptor.decode(2, buffer, 7, length, 1)).as("other frame kind").isEmpty();
        assertThat(HostFrameDescriptor.decode(HostFrameDescriptor.FRAME_KIND, buffer, 7, length - 1, 1)).isEmpty();
        assertThat(HostFrameDescriptor.decode(HostFrameDescriptor.FRAME_KIND, buffer, 7, length + 1, 1)).isEmpty();
        assertThat(HostFrameDescriptor.MEMBER_HEADER_LENGTH).isEqualTo(16);
        assertThat(HostFrameDescriptor.HEADER_LENGTH).isEqualTo(24);
    }

    @Test
    void shouldLeaveOutAndCountMembersWhenTheReportDoesNotFit() {
        final List<HostMember> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            members.add(new HostMember(i, i, "x".repeat(64), PeerState.ALIVE, NOW));
        }
        final ByteBuffer buffer = ByteBuffer.allocate(1024);
        final int length = HostFrameDescriptor.encode(buffer, 0, 24 + 1 + 3 * 80 + 10,
            new Host("h", 1, false, PeerState.ALIVE, NOW, -1, members, 0));
        final Host decoded = HostFrameDescriptor.decode(HostFrameDescriptor.FRAME_KIND, buffer, 0, length, 0).orElseThrow();
        assertThat(decoded.members()).hasSize(3);
        assertThat(decoded.omitted()).isEqualTo(7);
        assertThat(decoded.bridgeNode()).isEqualTo(-1);
        assertThatThrownBy(() -> HostFrameDescriptor.encode(buffer, 0, 100, new Host("x".repeat(65), 1, false,
            PeerState.ALIVE, NOW, 0, List.of(), 0))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length=65");
    }

    @Test
    void shouldNeverThrowWhenDecodingRandomBytes() {
        final Random random = new Random(11);
        final ByteBuffer buffer = ByteBuffer.allocate(200);
        for (int i = 0; i < 20_000; i++) {
            random.nextBytes(buffer.array());
            if (random.nextBoolean()) {
                buffer.put(20, (byte)1).put(21, (byte)random.nextInt(4)).put(22, (byte)random.nextInt(3)).put(23, (byte)2);
            }
            final int offset = random.nextInt(60) - 5;
            final int length = random.nextInt(220) - 5;
            assertThatCode(() -> HostFrameDescriptor.decode(HostFrameDescriptor.FRAME_KIND, buffer, offset, length, 0))
                .doesNotThrowAnyException();
        }
    }

    @Test
    void shouldReportTheNewestOfEachHostJudgedByAgeWhenReadFromTheRing() {
        final Ring ring = Rings.allocate(Kinds.BRIDGE, HostFrameDescriptor.RING_SPEC, 1, SystemEpochClock.INSTANCE, 1000);
        publish(ring, new Host("b", 2, false, PeerState.ALIVE, NOW - 9000, 0, List.of(), 0));
        publish(ring, new Host("a", 1, false, PeerState.ALIVE, NOW - 100, 1,
            List.of(new HostMember(1, 10, "fresh", PeerState.ALIVE, NOW - 100), new HostMember(2, 11, "old",
                PeerState.ALIVE, NOW - 60_000)), 0));
        ring.publish(2, 0, new byte[] {1, 2, 3});
        publish(ring, new Host("c", 3, false, PeerState.GONE, NOW - 1, -1, List.of(), 0));
        publish(ring, new Host("b", 2, false, PeerState.ALIVE, NOW - 200, 0, List.of(), 0));

        final List<Host> hosts = HostFrameDescriptor.newestPerHost(ring, NOW, 5000, 1);
        assertThat(hosts).extracting(Host::hostId).containsExactly("a", "b", "c");
        assertThat(hosts).extracting(Host::state).containsExactly(PeerState.ALIVE, PeerState.ALIVE, PeerState.GONE);
        assertThat(hosts.get(0).local()).isTrue();
        assertThat(hosts.get(0).members()).extracting(HostMember::state).containsExactly(PeerState.ALIVE, PeerState.STALE);
        assertThat(HostFrameDescriptor.newestPerHost(ring, NOW + 10_000, 5000, 9)).extracting(Host::state)
            .containsExactly(PeerState.STALE, PeerState.STALE, PeerState.GONE);
    }

    private static void publish(final Ring ring, final Host host) {
        final ByteBuffer buffer = ByteBuffer.allocate(ring.payloadCapacity());
        final int length = HostFrameDescriptor.encode(buffer, 0, buffer.capacity(), host);
        assertThat(ring.publish(HostFrameDescriptor.FRAME_KIND, host.lastSeenMs(), buffer, 0, length)).isNotZero();
    }
}
