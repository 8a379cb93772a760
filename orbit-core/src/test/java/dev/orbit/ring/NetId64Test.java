package dev.orbit.ring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetId64Test {

    @Test
    void shouldPackAndUnpackEveryPart() {
        final long id = NetId64.of(255, 65535, (1L << 40) - 1);

        assertThat(NetId64.kind(id)).isEqualTo(255);
        assertThat(NetId64.node(id)).isEqualTo(65535);
        assertThat(NetId64.counter(id)).isEqualTo((1L << 40) - 1);
        assertThat(id).isEqualTo(-1L);
    }

    @Test
    void shouldKeepLow40BitsOfCounter() {
        final long id = NetId64.of(7, 3, (1L << 40) + 5);

        assertThat(NetId64.counter(id)).isEqualTo(5);
        assertThat(NetId64.kind(id)).isEqualTo(7);
        assertThat(NetId64.node(id)).isEqualTo(3);
    }

    @Test
    void shouldRoundTripTextAndHex() {
        final long id = NetId64.of(220, 12, 123_456_789L);

        assertThat(NetId64.toString(id)).isEqualTo("220:12:123456789");
        assertThat(NetId64.parse("220:12:123456789")).isEqualTo(id);
        assertThat(NetId64.parse(NetId64.toHexString(id))).isEqualTo(id);
        assertThat(NetId64.parse("0X0100000000000001")).isEqualTo(NetId64.of(1, 0, 1));
    }

    @Test
    void shouldRoundTripBigEndianBytes() {
        final long id = NetId64.of(1, 2, 3);
        final byte[] bytes = NetId64.toBytes(id);

        assertThat(bytes).containsExactly(1, 0, 2, 0, 0, 0, 0, 3);
        assertThat(NetId64.fromBytes(bytes, 0)).isEqualTo(id);
    }

    @Test
    void shouldRejectMalformedTextNamingIt() {
        for (final String bad : new String[] {"", "1:2", "1:2:3:4", "a:2:3", "256:0:0", "1:65536:0",
            "1:0:1099511627776", "0:1:1", "0x", "0x12345678901234567", "0xZZ", "1::3", "-1:0:0", "0x1", "0x00ffffffffffffff"}) {
            assertThatThrownBy(() -> NetId64.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text='" + bad + "'");
        }
        assertThatThrownBy(() -> NetId64.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectOutOfRangeParts() {
        assertThatThrownBy(() -> NetId64.of(0, 0, 0)).hasMessageContaining("kind=0");
        assertThatThrownBy(() -> NetId64.of(256, 0, 0)).hasMessageContaining("kind=256");
        assertThatThrownBy(() -> NetId64.of(1, 65536, 0)).hasMessageContaining("nodeId=65536");
        assertThatThrownBy(() -> NetId64.fromBytes(new byte[4], 0)).hasMessageContaining("length=4");
    }

    @Test
    void shouldRebuildFullCounterFromHead() {
        final long counter = (3L << 40) + 17;
        final long id = NetId64.of(5, 1, counter);

        assertThat(NetId64.fullCounter(id, counter + 1)).isEqualTo(counter);
        assertThat(NetId64.fullCounter(id, counter + 1000)).isEqualTo(counter);
        assertThat(NetId64.fullCounter(NetId64.of(5, 1, 3), 2)).isNegative();
    }
}
