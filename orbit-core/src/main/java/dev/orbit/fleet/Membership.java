package dev.orbit.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.agrona.concurrent.EpochClock;

import dev.orbit.internal.memory.BufferAccess;

/**
 * A fleet's membership table over a members segment (or a process-local buffer of the same layout).
 * <p>
 * A member is gone when it is in our pid namespace and its pid is absent, a zombie, or a process with a
 * different start time; across pid namespaces (sidecars sharing /dev/shm but not pids) only when neither its
 * heartbeat nor its keeper thread refreshed the slot for {@link #STALE_INTERVALS} heartbeat intervals (the
 * interval the segment's creator recorded). A slot still CLAIMING is gone only when its claimer's pid is not
 * visible and the same CLAIMING word stayed unchanged for {@link #CLAIMING_TIMEOUT_NS}: it may be a sidecar
 * in another pid namespace in the middle of its claim. The claim ends with a CAS from CLAIMING to LIVE, so a
 * claimer whose claim was judged dead and taken learns it and moves on.
 */
final class Membership {

    /** Missed heartbeat intervals after which a member in another pid namespace is judged gone. */
    static final int STALE_INTERVALS = 5;

    /** How long an "alive" verdict is reused before /proc is asked again. */
    static final long VERDICT_TTL_NS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * How long one CLAIMING word must stay unchanged before a claimer whose pid we cannot see (it may live in
     * another pid namespace) is judged to have died mid-claim.
     */
    static final long CLAIMING_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private static final SecureRandom EPOCHS = new SecureRandom();

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

    private record Verdict(long word, boolean gone, long checkedAtNs, long firstSeenNs) {
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
        this.heartbeatIntervalMs = heartbeatIntervalOf(this.buffer, heartbeatIntervalMs);
        this.self = self;
        this.verdicts = new AtomicReferenceArray<>(slots);
    }

    static void initialise(final ByteBuffer buffer, final int slots, final long heartbeatIntervalMs) {
        final ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MembersDescriptor.SLOT_COUNT_OFFSET, slots);
        b.putInt(MembersDescriptor.SLOT_LENGTH_OFFSET, MembersDescriptor.SLOT_LENGTH);
        b.putLong(MembersDescriptor.HEARTBEAT_INTERVAL_OFFSET, heartbeatIntervalMs);
        b.putLong(MembersDescriptor.HOST_EPOCH_OFFSET, newHostEpoch());
    }

    private static long newHostEpoch() {
        long epoch;
        do {
            epoch = EPOCHS.nextLong();
        }
        while (epoch == 0);
        return epoch;
    }

    /**
     * @return the host epoch recorded in the segment, set first (by CAS from 0) when a segment of an earlier
     *     version has none.
     */
    long hostEpoch() {
        final long epoch = BufferAccess.getLongAcquire(buffer, MembersDescriptor.HOST_EPOCH_OFFSET);
        if (epoch != 0) {
            return epoch;
        }
        BufferAccess.compareAndSetLong(buffer, MembersDescriptor.HOST_EPOCH_OFFSET, 0L, newHostEpoch());
        return BufferAccess.getLongAcquire(buffer, MembersDescriptor.HOST_EPOCH_OFFSET);
    }

    /**
     * @param buffer a members segment (read-only is fine).
     * @return its host epoch, 0 when a segment of an earlier version recorded none yet.
     */
    static long hostEpochOf(final ByteBuffer buffer) {
        return BufferAccess.getLongAcquire(buffer, MembersDescriptor.HOST_EPOCH_OFFSET);
    }

    /**
     * @param buffer a members segment.
     * @return the heartbeat interval its creator recorded, or {@code fallbackMs} when none was recorded.
     */
    static long heartbeatIntervalOf(final ByteBuffer buffer, final long fallbackMs) {
        final long recorded = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN)
            .getLong(MembersDescriptor.HEARTBEAT_INTERVAL_OFFSET);
        final long interval = recorded > 0 ? recorded : fallbackMs;
        return Math.max(1, Math.min(interval, FleetBuilder.MAX_DURATION.toMillis()));
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
                throw new NodeIdInUseException(fleet, n, holder.pid(), "node id already held by a live process: fleet=" +
                    fleet + ", nodeId=" + n + ", pid=" + holder.pid() + ", label=" + holder.label() +
                    " (omit the node id to claim a free one, or stop that process)");
            }
            return n;
        }
        for (int n = 0; n < slots; n++) {
            if (tryClaim(n, label)) {
                return n;
            }
        }
        throw new NodeIdInUseException(fleet, -1, 0, "every membership slot is held by a live process: fleet=" + fleet +
            ", slots=" + slots + " (stop a member or use another fleet name)");
    }

    private boolean tryClaim(final int n, final String label) {
        final int slot = MembersDescriptor.slotOffset(n);
        while (true) {
            final long observed = BufferAccess.getLongVolatile(buffer, slot + MembersDescriptor.WORD_OFFSET);
            final int state = MembersDescriptor.state(observed);
            if (state != MembersDescriptor.FREE && !judgeGone(n, observed, System.nanoTime())) {
                return false;
            }
            final long incarnation = MembersDescriptor.incarnation(observed) + 1;
            final long claiming = MembersDescriptor.word(MembersDescriptor.CLAIMING, incarnation, self.pid());
            if (!BufferAccess.compareAndSetLong(buffer, slot + MembersDescriptor.WORD_OFFSET, observed, claiming)) {
                continue;
            }
            final long now = clock.time();
            buffer.putLong(slot + MembersDescriptor.START_TIME_OFFSET, self.startTime());
            buffer.putLong(slot + MembersDescriptor.PID_NAMESPACE_OFFSET, self.pidNamespace());
            buffer.putLong(slot + MembersDescriptor.JOINED_AT_OFFSET, now);
            final byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
            final int length = Math.min(bytes.length, MembersDescriptor.MAX_LABEL_LENGTH);
            buffer.put(slot + MembersDescriptor.LABEL_OFFSET, bytes, 0, length);
            buffer.putInt(slot + MembersDescriptor.LABEL_LENGTH_OFFSET, length);
            BufferAccess.putLongRelease(buffer, slot + MembersDescriptor.LAST_SEEN_OFFSET, now);
            BufferAccess.putLongRelease(buffer, slot + MembersDescriptor.KEPT_ALIVE_OFFSET, now);
            final long live = MembersDescriptor.word(MembersDescriptor.LIVE, incarnation, self.pid());
            if (!BufferAccess.compareAndSetLong(buffer, slot + MembersDescriptor.WORD_OFFSET, claiming, live)) {
                // Another claimer judged our claim dead and took the slot: it is theirs.
                return false;
            }
            node = n;
            word = live;
            reused = incarnation > 1;
            verdicts.set(n, null);
            return true;
        }
    }

    /**
     * Refreshes this member's last-seen (heartbeat) time, if the slot is still this member's.
     *
     * @return false when another process took the slot over (it judged this one gone): this process must stop
     *     writing under the node id.
     */
    boolean touch(final long nowMs) {
        return refresh(MembersDescriptor.LAST_SEEN_OFFSET, nowMs);
    }

    /**
     * Refreshes this member's kept-alive time, if the slot is still this member's.
     *
     * @return false when another process took the slot over.
     */
    boolean keepAlive(final long nowMs) {
        return refresh(MembersDescriptor.KEPT_ALIVE_OFFSET, nowMs);
    }

    private boolean refresh(final int field, final long nowMs) {
        if (node < 0) {
            return false;
        }
        final int slot = MembersDescriptor.slotOffset(node);
        if (BufferAccess.getLongVolatile(buffer, slot + MembersDescriptor.WORD_OFFSET) != word) {
            return false;
        }
        BufferAccess.putLongRelease(buffer, slot + field, nowMs);
        return true;
    }

    /**
     * Says why this member's slot is no longer its own (after {@link #touch} or {@link #keepAlive} returned false).
     *
     * @return the cause, naming the node id, the fleet and what the slot holds now.
     */
    String lossReason() {
        final int n = node;
        if (n < 0) {
            return "this handle holds no membership slot of fleet " + fleet;
        }
        final long observed = BufferAccess.getLongVolatile(buffer, MembersDescriptor.slotOffset(n) + MembersDescriptor.WORD_OFFSET);
        final String found = "found state=" + MembersDescriptor.state(observed) + " incarnation=" +
            MembersDescriptor.incarnation(observed) + " pid=" + MembersDescriptor.pid(observed) + ", expected incarnation=" +
            MembersDescriptor.incarnation(word) + " pid=" + MembersDescriptor.pid(word);
        if (observed == 0 || buffer.getInt(MembersDescriptor.SLOT_COUNT_OFFSET) == 0) {
            return "the members table of fleet " + fleet + " was wiped: the slot of node id " + n + " reads 0 (" + found +
                "); something cleared or recreated the members segment under this process";
        }
        if (MembersDescriptor.state(observed) == MembersDescriptor.FREE) {
            return "the slot of node id " + n + " of fleet " + fleet + " was freed by another process (" + found + ")";
        }
        return "another process took node id " + n + " of fleet " + fleet + " (" + found +
            "): it judged this process gone, e.g. after a long stall";
    }

    /**
     * Frees this member's slot, unless another process already took it over.
     */
    void release() {
        if (node >= 0) {
            final int slot = MembersDescriptor.slotOffset(node);
            final long free = MembersDescriptor.word(MembersDescriptor.FREE, MembersDescriptor.incarnation(word), 0);
            BufferAccess.compareAndSetLong(buffer, slot + MembersDescriptor.WORD_OFFSET, word, free);
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
        final long observed = BufferAccess.getLongAcquire(
            buffer, MembersDescriptor.slotOffset(n) + MembersDescriptor.WORD_OFFSET);
        if (observed == 0) {
            return false;
        }
        return judgeGone(n, observed, System.nanoTime());
    }

    /**
     * Judges a slot word, reusing a recent verdict on the same word. "Gone" is final for a word only when it
     * rests on the process table (pid absent, zombie, pid reused) or a clean release; a verdict from a silent
     * heartbeat or a CLAIMING word is judged again each time.
     */
    private boolean judgeGone(final int n, final long observed, final long nowNs) {
        final Verdict cached = verdicts.get(n);
        final boolean sameWord = cached != null && cached.word == observed;
        if (sameWord && (cached.gone || nowNs - cached.checkedAtNs < VERDICT_TTL_NS)) {
            return cached.gone;
        }
        final long firstSeenNs = sameWord ? cached.firstSeenNs : nowNs;
        final int state = MembersDescriptor.state(observed);
        final boolean gone;
        final boolean fromProcessTable;
        if (state == MembersDescriptor.CLAIMING) {
            final ProcessProbe.Liveness liveness =
                ProcessProbe.liveness(new ProcessIdentity(MembersDescriptor.pid(observed), 0, 0));
            gone = liveness != ProcessProbe.Liveness.ALIVE && nowNs - firstSeenNs >= CLAIMING_TIMEOUT_NS;
            fromProcessTable = liveness == ProcessProbe.Liveness.ALIVE;
        }
        else {
            final ProcessProbe.Liveness liveness = liveness(n, observed);
            gone = liveness == ProcessProbe.Liveness.GONE || (liveness == ProcessProbe.Liveness.UNKNOWN_NAMESPACE &&
                stale(n));
            fromProcessTable = liveness != ProcessProbe.Liveness.UNKNOWN_NAMESPACE;
        }
        // Only verdicts read off the process table are reused; the others are cheap to judge again.
        verdicts.set(n, new Verdict(observed, gone && fromProcessTable, fromProcessTable ? nowNs : nowNs -
            VERDICT_TTL_NS, firstSeenNs));
        return gone;
    }

    private ProcessProbe.Liveness liveness(final int n, final long observed) {
        if (MembersDescriptor.state(observed) == MembersDescriptor.FREE) {
            return ProcessProbe.Liveness.GONE;
        }
        final int slot = MembersDescriptor.slotOffset(n);
        return ProcessProbe.liveness(new ProcessIdentity(
            MembersDescriptor.pid(observed),
            buffer.getLong(slot + MembersDescriptor.START_TIME_OFFSET),
            buffer.getLong(slot + MembersDescriptor.PID_NAMESPACE_OFFSET)));
    }

    private boolean stale(final int n) {
        final int slot = MembersDescriptor.slotOffset(n);
        final long lastSign = Math.max(
            BufferAccess.getLongAcquire(buffer, slot + MembersDescriptor.LAST_SEEN_OFFSET),
            BufferAccess.getLongAcquire(buffer, slot + MembersDescriptor.KEPT_ALIVE_OFFSET));
        return clock.time() - lastSign > STALE_INTERVALS * heartbeatIntervalMs;
    }

    /**
     * @param n a node id.
     * @return the slot as observed now.
     */
    Member member(final int n) {
        final int slot = MembersDescriptor.slotOffset(n);
        final long observed = BufferAccess.getLongAcquire(buffer, slot + MembersDescriptor.WORD_OFFSET);
        final int state = MembersDescriptor.state(observed);
        final MemberState memberState;
        if (state == MembersDescriptor.FREE) {
            memberState = MemberState.FREE;
        }
        else if (n != node && judgeGone(n, observed, System.nanoTime())) {
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
            BufferAccess.getLongAcquire(buffer, slot + MembersDescriptor.LAST_SEEN_OFFSET));
    }

    /**
     * @return every slot that was ever claimed.
     */
    List<Member> members() {
        final List<Member> members = new ArrayList<>();
        for (int n = 0; n < slots; n++) {
            final long observed = BufferAccess.getLongAcquire(
                buffer, MembersDescriptor.slotOffset(n) + MembersDescriptor.WORD_OFFSET);
            if (observed != 0) {
                members.add(member(n));
            }
        }
        return members;
    }
}
