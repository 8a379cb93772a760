package dev.orbit.fleet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.agrona.concurrent.EpochClock;

/**
 * A fleet's membership table over a members segment (or a process-local buffer of the same layout).
 * <p>
 * A member is gone when it is in our pid namespace and its pid is absent, a zombie, or a process with a
 * different start time; across pid namespaces (sidecars sharing /dev/shm but not pids) only when its
 * last-seen time is older than {@link #STALE_INTERVALS} heartbeat intervals.
 */
final class Membership {

    /** Missed heartbeat intervals after which a member in another pid namespace is judged gone. */
    static final int STALE_INTERVALS = 5;

    /** How long an "alive" verdict is reused before /proc is asked again. */
    static final long VERDICT_TTL_NS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final ByteBuffer buffer;
    private final int slots;
    private final String fleet;
    private final EpochClock clock;
    private final long heartbeatIntervalMs;
    private final ProcessIdentity self;
    private final AtomicReferenceArray<Verdict> verdicts;
    private int node = -1;
    private long word;
    private boolean reused;

    private record Verdict(long word, boolean gone, long checkedAtNs) {
    }

    Membership(
        final ByteBuffer buffer,
        final String fleet,
        final EpochClock clock,
        final long heartbeatIntervalMs,
        final ProcessIdentity self) {
        this.buffer = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.slots = this.buffer.getInt(MembersDescriptor.SLOT_COUNT_OFFSET);
        this.fleet = fleet;
        this.clock = clock;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.self = self;
        this.verdicts = new AtomicReferenceArray<>(slots);
    }

    static void initialise(final ByteBuffer buffer, final int slots, final long heartbeatIntervalMs) {
        final ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MembersDescriptor.SLOT_COUNT_OFFSET, slots);
        b.putInt(MembersDescriptor.SLOT_LENGTH_OFFSET, MembersDescriptor.SLOT_LENGTH);
        b.putLong(MembersDescriptor.HEARTBEAT_INTERVAL_OFFSET, heartbeatIntervalMs);
    }

    /**
     * @param buffer a members segment.
     * @return the heartbeat interval its creator recorded, or {@code fallbackMs} when none was recorded.
     */
    static long heartbeatIntervalOf(final ByteBuffer buffer, final long fallbackMs) {
        final long recorded = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN)
            .getLong(MembersDescriptor.HEARTBEAT_INTERVAL_OFFSET);
        return recorded > 0 ? recorded : fallbackMs;
    }

    int slots() {
        return slots;
    }

    int node() {
        return node;
    }

    /**
     * @return true when the claimed slot had been held before (its previous holder may have left slots
     *     WRITING that must be abandoned before this process writes).
     */
    boolean reused() {
        return reused;
    }

    /**
     * Claims the explicit node id, or the first slot that is free or whose holder is gone.
     */
    int claim(final OptionalInt explicit, final String label) {
        if (explicit.isPresent()) {
            final int n = explicit.getAsInt();
            if (n >= slots) {
                throw new IllegalArgumentException("node id out of range: nodeId=" + n + ", slots=" + slots);
            }
            if (!tryClaim(n, label)) {
                final Member holder = member(n);
                throw new NodeIdInUseException(fleet, n, "node id already held by a live process: fleet=" + fleet +
                    ", nodeId=" + n + ", pid=" + holder.pid() + ", label=" + holder.label() +
                    " (omit the node id to claim a free one, or stop that process)");
            }
            return n;
        }
        for (int n = 0; n < slots; n++) {
            if (tryClaim(n, label)) {
                return n;
            }
        }
        throw new NodeIdInUseException(fleet, -1, "every membership slot is held by a live process: fleet=" + fleet +
            ", slots=" + slots + " (stop a member or use another fleet name)");
    }

    private boolean tryClaim(final int n, final String label) {
        final int slot = MembersDescriptor.slotOffset(n);
        while (true) {
            final long observed = (long)LONG.getVolatile(buffer, slot + MembersDescriptor.WORD_OFFSET);
            final int state = MembersDescriptor.state(observed);
            if (state != MembersDescriptor.FREE && !computeGone(n, observed)) {
                return false;
            }
            final long incarnation = MembersDescriptor.incarnation(observed) + 1;
            final long claiming = MembersDescriptor.word(MembersDescriptor.CLAIMING, incarnation, self.pid());
            if (LONG.compareAndSet(buffer, slot + MembersDescriptor.WORD_OFFSET, observed, claiming)) {
                final long now = clock.time();
                buffer.putLong(slot + MembersDescriptor.START_TIME_OFFSET, self.startTime());
                buffer.putLong(slot + MembersDescriptor.PID_NAMESPACE_OFFSET, self.pidNamespace());
                buffer.putLong(slot + MembersDescriptor.JOINED_AT_OFFSET, now);
                final byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
                final int length = Math.min(bytes.length, MembersDescriptor.MAX_LABEL_LENGTH);
                buffer.put(slot + MembersDescriptor.LABEL_OFFSET, bytes, 0, length);
                buffer.putInt(slot + MembersDescriptor.LABEL_LENGTH_OFFSET, length);
                LONG.setRelease(buffer, slot + MembersDescriptor.LAST_SEEN_OFFSET, now);
                final long live = MembersDescriptor.word(MembersDescriptor.LIVE, incarnation, self.pid());
                LONG.setRelease(buffer, slot + MembersDescriptor.WORD_OFFSET, live);
                node = n;
                word = live;
                reused = incarnation > 1;
                verdicts.set(n, null);
                return true;
            }
        }
    }

    /**
     * Refreshes this member's last-seen time.
     */
    void touch(final long nowMs) {
        if (node >= 0) {
            LONG.setRelease(buffer, MembersDescriptor.slotOffset(node) + MembersDescriptor.LAST_SEEN_OFFSET, nowMs);
        }
    }

    /**
     * Frees this member's slot, unless another process already took it over.
     */
    void release() {
        if (node >= 0) {
            final int slot = MembersDescriptor.slotOffset(node);
            final long free = MembersDescriptor.word(MembersDescriptor.FREE, MembersDescriptor.incarnation(word), 0);
            LONG.compareAndSet(buffer, slot + MembersDescriptor.WORD_OFFSET, word, free);
            node = -1;
        }
    }

    /**
     * @param n a node id.
     * @return true when the process holding (or last holding) that node id is gone; false for this process,
     *     for a node id beyond the table, and for a node id never claimed.
     */
    boolean isGone(final int n) {
        if (n == node || n < 0 || n >= slots) {
            return false;
        }
        final long observed = (long)LONG.getAcquire(
            buffer, MembersDescriptor.slotOffset(n) + MembersDescriptor.WORD_OFFSET);
        if (observed == 0) {
            return false;
        }
        final Verdict cached = verdicts.get(n);
        final long nowNs = System.nanoTime();
        if (cached != null && cached.word == observed && (cached.gone || nowNs - cached.checkedAtNs < VERDICT_TTL_NS)) {
            return cached.gone;
        }
        final boolean gone = computeGone(n, observed);
        verdicts.set(n, new Verdict(observed, gone, nowNs));
        return gone;
    }

    private boolean computeGone(final int n, final long observed) {
        final int state = MembersDescriptor.state(observed);
        if (state == MembersDescriptor.FREE) {
            return observed != 0;
        }
        final int slot = MembersDescriptor.slotOffset(n);
        final long pid = MembersDescriptor.pid(observed);
        if (state == MembersDescriptor.CLAIMING) {
            return ProcessProbe.liveness(new ProcessIdentity(pid, 0, 0)) == ProcessProbe.Liveness.GONE;
        }
        final ProcessIdentity recorded = new ProcessIdentity(
            pid,
            buffer.getLong(slot + MembersDescriptor.START_TIME_OFFSET),
            buffer.getLong(slot + MembersDescriptor.PID_NAMESPACE_OFFSET));
        switch (ProcessProbe.liveness(recorded)) {
            case GONE:
                return true;
            case ALIVE:
                return false;
            default:
                final long lastSeen = (long)LONG.getAcquire(buffer, slot + MembersDescriptor.LAST_SEEN_OFFSET);
                return clock.time() - lastSeen > STALE_INTERVALS * heartbeatIntervalMs;
        }
    }

    /**
     * @param n a node id.
     * @return the slot as observed now.
     */
    Member member(final int n) {
        final int slot = MembersDescriptor.slotOffset(n);
        final long observed = (long)LONG.getAcquire(buffer, slot + MembersDescriptor.WORD_OFFSET);
        final int state = MembersDescriptor.state(observed);
        final MemberState memberState;
        if (state == MembersDescriptor.FREE) {
            memberState = MemberState.FREE;
        }
        else if (n != node && computeGone(n, observed)) {
            memberState = MemberState.GONE;
        }
        else {
            memberState = state == MembersDescriptor.CLAIMING ? MemberState.CLAIMING : MemberState.LIVE;
        }
        final int labelLength = Math.max(0, Math.min(MembersDescriptor.MAX_LABEL_LENGTH,
            buffer.getInt(slot + MembersDescriptor.LABEL_LENGTH_OFFSET)));
        final byte[] label = new byte[labelLength];
        buffer.get(slot + MembersDescriptor.LABEL_OFFSET, label, 0, labelLength);
        return new Member(
            n,
            memberState,
            MembersDescriptor.pid(observed),
            MembersDescriptor.incarnation(observed),
            memberState == MemberState.FREE ? "" : new String(label, StandardCharsets.UTF_8),
            buffer.getLong(slot + MembersDescriptor.JOINED_AT_OFFSET),
            (long)LONG.getAcquire(buffer, slot + MembersDescriptor.LAST_SEEN_OFFSET));
    }

    /**
     * @return every slot that was ever claimed.
     */
    List<Member> members() {
        final List<Member> members = new ArrayList<>();
        for (int n = 0; n < slots; n++) {
            final long observed = (long)LONG.getAcquire(
                buffer, MembersDescriptor.slotOffset(n) + MembersDescriptor.WORD_OFFSET);
            if (observed != 0) {
                members.add(member(n));
            }
        }
        return members;
    }
}
