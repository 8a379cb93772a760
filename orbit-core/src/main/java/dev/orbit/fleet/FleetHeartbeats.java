package dev.orbit.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.concurrent.EpochClock;

import dev.orbit.heartbeat.HeartbeatSnapshot;
import dev.orbit.heartbeat.HeartbeatSnapshot.NodeBeat;
import dev.orbit.heartbeat.Heartbeats;
import dev.orbit.ring.Ring;

/**
 * Heartbeats as frames on ring 221 (version = epoch millis, payload = pid) plus the member's last-seen
 * time in the membership table, which is what snapshots read: one slot per member, no ring scan. The fleet's
 * keeper beats every heartbeat interval (unless the fleet was built with manual heartbeats); {@link #beat()}
 * beats once more.
 */
final class FleetHeartbeats implements Heartbeats {

    /** Frame kind of a heartbeat. */
    static final int BEAT = 1;

    /** Payload: the beating process's pid. */
    static final int PAYLOAD_LENGTH = Long.BYTES;

    private final Ring ring;
    private final Membership membership;
    private final EpochClock clock;
    private final int expected;
    private final Runnable lost;
    private final ThreadLocal<ByteBuffer> payload =
        ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(PAYLOAD_LENGTH).order(ByteOrder.LITTLE_ENDIAN));

    FleetHeartbeats(
        final Ring ring, final Membership membership, final EpochClock clock, final int expected, final Runnable lost) {
        this.ring = ring;
        this.membership = membership;
        this.clock = clock;
        this.expected = expected;
        this.lost = lost;
    }

    @Override
    public long beat() {
        final long now = clock.time();
        if (!membership.touch(now)) {
            lost.run();
            throw new IllegalStateException("membership lost: " + membership.lossReason() + "; join again");
        }
        return publish(now);
    }

    /**
     * The keeper's beat: refreshes last-seen, then publishes the frame. A frame that cannot be published (the ring
     * refuses writes because the handle is closing, or its file faulted) is skipped: last-seen carries the beat.
     *
     * @return false when the membership slot is no longer this process's.
     */
    boolean beatFromKeeper() {
        final long now = clock.time();
        if (!membership.touch(now)) {
            return false;
        }
        try {
            publish(now);
        }
        catch (final RuntimeException skipped) {
            // the slot's last-seen was refreshed; the frame is informational
        }
        return true;
    }

    private long publish(final long now) {
        final ByteBuffer buffer = payload.get();
        buffer.putLong(0, ProcessHandle.current().pid());
        return ring.publish(BEAT, now, buffer, 0, PAYLOAD_LENGTH);
    }

    @Override
    public Map<Integer, Long> latest() {
        final Map<Integer, Long> latest = new TreeMap<>();
        for (final Member member : membership.members()) {
            if (member.state() != MemberState.FREE) {
                latest.put(member.nodeId(), member.lastSeenMs());
            }
        }
        return latest;
    }

    @Override
    public HeartbeatSnapshot snapshot(final Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: maxAge=" + maxAge);
        }
        final long now = clock.time();
        final long maxAgeMs = maxAge.toMillis();
        final List<NodeBeat> alive = new ArrayList<>();
        final List<NodeBeat> stale = new ArrayList<>();
        for (final Member member : membership.members()) {
            if (member.state() == MemberState.FREE) {
                continue;
            }
            final boolean gone = member.state() == MemberState.GONE;
            final long age = member.ageMs(now);
            final NodeBeat beat = new NodeBeat(member.nodeId(), member.pid(), member.label(), member.lastSeenMs(), age, gone);
            if (!gone && age <= maxAgeMs) {
                alive.add(beat);
            }
            else {
                stale.add(beat);
            }
        }
        final int missing = Math.max(0, expected - alive.size() - stale.size());
        return new HeartbeatSnapshot(now, maxAge, expected, List.copyOf(alive), List.copyOf(stale), missing);
    }
}
