package dev.orbit.stress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;

import dev.orbit.fleet.Fleet;
import dev.orbit.fleet.MembersReader;
import dev.orbit.internal.shm.Processes;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.internal.shm.SegmentOptions;
import dev.orbit.ring.NetId64;
import dev.orbit.shm.AccessMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Defects found in orbit-core while building the reliability proof, kept as regression tests. Each failed
 * against the core of its day; all four are fixed on main (6bd2b9d, 787e854). A finding still open would be
 * {@code @Disabled} here so the suite stays green, and run with
 * {@code -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition}.
 */
class CoreFindingsTest {

    /** Finding 1 (fixed): FleetBuilder accepted durations below 1 ms and stored 0 ms. */
    @Test
    void shouldRefuseAHeartbeatIntervalOrPendingTimeoutThatRoundsToZeroMilliseconds() {
        // Duration.ofNanos(1) is positive, passes the check, and is stored as 0 ms: members in another pid namespace
        // are then judged gone as soon as their last-seen is 1 ms old (their slots and claims taken over while they
        // live), and every pending position is cancelled at the next poll.
        assertThatThrownBy(() -> Fleet.builder().heartbeatInterval(Duration.ofNanos(1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fleet.builder().pendingTimeout(Duration.ofNanos(999_999)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    /** Finding 2 (fixed): FleetBuilder threw ArithmeticException for huge durations. */
    @Test
    void shouldRefuseAHugeDurationWithAnIllegalArgumentNamingTheOption() {
        assertThatThrownBy(() -> Fleet.builder().heartbeatInterval(Duration.ofSeconds(Long.MAX_VALUE)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeatInterval");
        assertThatThrownBy(() -> Fleet.builder().pendingTimeout(Duration.ofSeconds(Long.MAX_VALUE)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pendingTimeout");
    }

    /** Finding 4 (fixed): NetId64.parse accepted kind 0 in hex but refused it in decimal, so it could not parse what it printed. */
    @Test
    void shouldParseWhatItPrintsAndRefuseKindZeroInBothForms() {
        assertThatThrownBy(() -> NetId64.parse("0x0000000000000001")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetId64.parse("0:0:1")).isInstanceOf(IllegalArgumentException.class);
        final long id = NetId64.pack(1, 0, 1);
        assertThat(NetId64.parse(NetId64.toString(id))).isEqualTo(id);
        assertThat(NetId64.parse(NetId64.toHexString(id))).isEqualTo(id);
    }

    private static long ownPidNamespace() throws java.io.IOException {
        final String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(); // pid:[4026531836]
        return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
    }

    /** Finding 3 (fixed): Membership multiplied the heartbeat interval without an overflow check. */
    @Test
    void shouldNotJudgeAFreshMemberOfAnotherPidNamespaceGoneWhenTheRecordedIntervalIsHuge() throws Exception {
        // Membership.computeGone: clock.time() - lastSeen > STALE_INTERVALS * heartbeatIntervalMs. A members header
        // recording a heartbeat interval of Long.MAX_VALUE / 4 ms (or a builder given Duration.ofMillis(Long.MAX_VALUE / 4))
        // makes the product negative, so every member in another pid namespace is judged gone at once.
        try (ShmScope scope = new ShmScope("finding")) {
            final Path members = SegmentNames.membersFile(ShmScope.SHM, scope.fleet(), AccessMode.OWNER, Processes.currentUid());
            try (Fleet fleet = Fleet.builder().name(scope.fleet()).directory(ShmScope.SHM).joinShm()) {
                assertThat(fleet.nodeId()).isZero();
            }
            final byte[] template = Files.readAllBytes(members);
            for (final long interval : new long[] {1000, Long.MAX_VALUE / 4}) {
                final byte[] bytes = template.clone();
                final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                b.putLong(48, interval); // members header: heartbeat interval (ms)
                final int slot = 128 + 5 * 128; // node 5
                b.putLong(slot, 2L << 62 | 1L << 32 | 4_000_000L); // LIVE, incarnation 1, a pid
                b.putLong(slot + 8, 12345); // start time
                b.putLong(slot + 16, ownPidNamespace() + 1); // another pid namespace
                b.putLong(slot + 24, System.currentTimeMillis()); // last seen: now
                Files.write(members, bytes);
                try (MembersReader reader = MembersReader.attach(members, scope.fleet(), SegmentOptions.defaults(),
                    SystemEpochClock.INSTANCE)) {
                    assertThat(reader.isGone(5)).as("a member seen a moment ago is not gone (interval=%d ms)", interval)
                        .isFalse();
                }
            }
        }
    }
}
