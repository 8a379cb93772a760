package dev.orbit.redis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.orbit.contest.Subject;
import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.PeerState;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BridgeUnitsTest {

    @Test
    void shouldPutEveryKeyOfAFleetInTheSlotOfItsHashTagWhateverTheNamesInside() {
        final Keys keys = new Keys("orders-1.eu");
        final int slot = io.lettuce.core.cluster.SlotHash.getSlot("orders-1.eu".getBytes(UTF_8));
        final Subject subject = Subject.of("{other}/label");
        final List<byte[]> all = List.of(keys.events(), keys.eventsEpoch(), keys.eventsNumber("host-{x}"),
            keys.forwarded("h"), keys.invalidations(), keys.invalidationsEpoch(), keys.invalidationsNumber(),
            keys.caches(), keys.cacheVersion("{c}"), keys.cacheGeneration("c}"), keys.cacheOldGenerations("c"),
            keys.cacheValuePrefix("{c}"), keys.claim(subject), keys.claimOf(Keys.subjectField(subject)), keys.fence(),
            keys.hostClaims("h"), keys.host("h"), keys.hosts(),
            // keys the scripts build from a prefix they are given: values and other hosts' hashes
            (new String(keys.cacheValuePrefix("{c}"), UTF_8) + "7:{k}").getBytes(UTF_8),
            (keys.prefix() + "host:{h2}").getBytes(UTF_8));
        assertThat(all).allSatisfy(key -> assertThat(io.lettuce.core.cluster.SlotHash.getSlot(key))
            .as(new String(key, UTF_8)).isEqualTo(slot));
    }

    @Test
    void shouldReadBackAClaimTenureWhenTheOwnerHoldsTheSeparator() {
        final String value = FleetClaims.Tenure.prefix("host-a", 0xFEDC_BA98_7654_3210L, 7, 4242, "job|runner") + "|" + 1_700_000_000_000_123L;
        final FleetClaims.Tenure tenure = FleetClaims.Tenure.parse(value);
        assertThat(tenure).isEqualTo(new FleetClaims.Tenure("host-a", 0xFEDC_BA98_7654_3210L, 7, 4242, "job|runner",
            1_700_000_000_000_123L));
        assertThat(FleetClaims.Tenure.parse("a|b")).isNull();
        assertThat(FleetClaims.Tenure.parse("h|zz|1|2|o|3")).isNull();
        assertThat(FleetClaims.Tenure.parse(null)).isNull();
    }

    @Test
    void shouldReadBackAForwardedPositionAndRefuseGarbage() {
        final String stored = ActiveBridge.Position.format(0x8000_0000_0000_0001L, 12345, 9);
        assertThat(ActiveBridge.Position.parse(stored)).isEqualTo(new ActiveBridge.Position(0x8000_0000_0000_0001L, 12345, 9));
        assertThat(ActiveBridge.Position.parse("1:2")).isNull();
        assertThat(ActiveBridge.Position.parse("x:2:3")).isNull();
        assertThat(ActiveBridge.Position.parse(null)).isNull();
    }

    @Test
    void shouldReadBackMembersAndDropAMalformedTail() {
        final List<MemberCodec.Reported> members = List.of(
            new MemberCodec.Reported(0, PeerState.ALIVE, 4242, 120, "web-é"),
            new MemberCodec.Reported(255, PeerState.GONE, 0xFFFF_FFFFL, 0, ""));
        final byte[] encoded = MemberCodec.encode(members);
        assertThat(MemberCodec.decode(encoded)).isEqualTo(members);
        final byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 1);
        assertThat(MemberCodec.decode(truncated)).containsExactly(members.get(0));
        assertThat(MemberCodec.decode(null)).isEmpty();
    }

    @Test
    void shouldReadBackABridgeStateFrame() {
        final BridgeStateDescriptor.State state = new BridgeStateDescriptor.State(1, 2, 3, 4,
            new StreamPosition(5, 6, 7, 8), new StreamPosition(9, 10, 11, 12));
        final ByteBuffer buffer = ByteBuffer.allocate(BridgeStateDescriptor.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        final int length = BridgeStateDescriptor.encode(buffer, state);
        assertThat(BridgeStateDescriptor.decode(BridgeStateDescriptor.FRAME_KIND, buffer, 0, length)).isEqualTo(state);
        assertThat(BridgeStateDescriptor.decode(1, buffer, 0, length)).isNull();
        assertThat(BridgeStateDescriptor.decode(BridgeStateDescriptor.FRAME_KIND, buffer, 0, length - 1)).isNull();
        assertThat(new StreamPosition(1_700_000_000_000L, 3, 0, 0).id()).isEqualTo("1700000000000-3");
        assertThat(StreamPosition.parseId("1700000000000-3")).containsExactly(1_700_000_000_000L, 3);
    }

    @Test
    void shouldKeepEveryKeyOfAFleetInOneClusterSlot() {
        final Keys keys = new Keys("orders");
        for (final byte[] key : List.of(keys.events(), keys.forwarded("h"), keys.invalidations(), keys.cacheVersion("c"),
            keys.claim(Subject.of("job")), keys.fence(), keys.host("h"), keys.hosts(), keys.hostClaims("h"))) {
            assertThat(new String(key, UTF_8)).startsWith("orbit:{orders}:");
        }
        assertThat(keys.claimOf(Keys.subjectField(Subject.of("job")))).isEqualTo(keys.claim(Subject.of("job")));
    }

    @Test
    void shouldRefuseBadOptionsNamingThemWhenBuilding() {
        try (Fleet fleet = Fleet.builder().name("units").join()) {
            assertThatThrownBy(() -> RedisBridge.builder(fleet).hostId("has space"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hostId=has space");
            assertThatThrownBy(() -> RedisBridge.builder(fleet).commandTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commandTimeout=PT0S");
            assertThatThrownBy(() -> RedisBridge.builder(fleet).eventsMaxLength(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventsMaxLength=3");
            assertThatThrownBy(() -> RedisBridge.builder(fleet).redisUri("not a uri"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redisUri=not a uri");
            assertThatThrownBy(() -> RedisBridge.builder(fleet).hostId("a").hostId("b"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hostId");
            assertThatThrownBy(() -> RedisBridge.builder(fleet).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("redisUri");
            assertThat(RedisBridgeBuilder.defaultHostId()).matches(RedisBridgeBuilder.HOST_ID);
            assertThatThrownBy(() -> FleetClaims.localSubject(Subject.of("x".repeat(195))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max=194");
        }
    }
}
