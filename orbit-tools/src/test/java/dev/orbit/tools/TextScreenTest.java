package dev.orbit.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

import dev.orbit.ring.RingStats;

import static org.assertj.core.api.Assertions.assertThat;

class TextScreenTest {

    private static final long NOW = 1_750_000_000_000L;

    @Test
    void shouldDrawMembersRingsAndClaimsAsAlignedTables() {
        final FleetSnapshot snapshot = new FleetSnapshot("orders", Path.of("/dev/shm"), 1000, NOW, 3000,
            List.of(
                new FleetSnapshot.Member(0, 4242, "worker-a", MemberStatus.ALIVE, 1, NOW - 60_000, NOW - 120, 120),
                new FleetSnapshot.Member(1, 4243, "worker-b", MemberStatus.STALE, 1, NOW - 60_000, NOW - 4_000, 4_000),
                new FleetSnapshot.Member(2, 977, "batch", MemberStatus.GONE, 3, NOW - 90_000, NOW - 65_000, 65_000)),
            1,
            List.of(
                new FleetSnapshot.Ring("orbit-orders-7-1000", 7, null, 1024, 256, new RingStats(18_204, 0, 2, 1, 0, 0),
                    OptionalDouble.of(250.0)),
                new FleetSnapshot.Ring("orbit-orders-cache-quotes-1000", 200, "quotes", 4096, 1024,
                    new RingStats(311, 0, 0, 0, 0, 1), OptionalDouble.empty())),
            new FleetSnapshot.Contest("orbit-orders-claims-1000", 1024, 7, List.of(
                new FleetSnapshot.Claim(0, "nightly-report", 1, 0, "worker-a", 7, NOW + 29_500, 29_500),
                new FleetSnapshot.Claim(-1, null, 0xabcL, 1, "", 6, NOW + 500, 500))));

        final String screen = TextScreen.render(snapshot, "1.0s");

        assertThat(screen).isEqualTo(String.join("\n",
            "orbit-stat  fleet=orders  dir=/dev/shm  uid=1000  at=2025-06-15T15:06:40Z  every 1.0s",
            "",
            "members: 1 alive, 1 stale, 1 gone, 1 left  (stale after 3.0s)",
            "  NODE   PID  STATE  HEARTBEAT  LABEL",
            "     0  4242  alive      120ms  worker-a",
            "     1  4243  stale       4.0s  worker-b",
            "     2   977  gone       1m05s  batch",
            "",
            "rings: 2",
            "  KIND  TYPE   NAME    CAPACITY  PAYLOAD   HEAD  WRITES/S  LOST  TAKEOVERS  FILE",
            "     7  user   -           1024      256  18204     250.0     3          0  orbit-orders-7-1000",
            "   200  cache  quotes      4096     1024    311         -     0          1  orbit-orders-cache-quotes-1000",
            "",
            "claims: 2 held, fence counter 7, 1024 buckets in orbit-orders-claims-1000",
            "  SUBJECT           NODE  OWNER     FENCE  EXPIRES IN",
            "  0/nightly-report     0  worker-a      7       29.5s",
            "  ?/0xabc              1  -             6       500ms",
            ""));
    }

    @Test
    void shouldShowControlCharactersOfLabelsAsQuestionMarks() {
        final FleetSnapshot snapshot = new FleetSnapshot("f", Path.of("/dev/shm"), 0, NOW, 3000,
            List.of(new FleetSnapshot.Member(0, 1, "evil\033[2Jlabel\n", MemberStatus.ALIVE, 1, NOW, NOW, 0)),
            0, List.of(), null);

        final String screen = TextScreen.render(snapshot, null);

        assertThat(screen).contains("evil?[2Jlabel?").doesNotContain("\033").contains("claims: none");
    }
}
