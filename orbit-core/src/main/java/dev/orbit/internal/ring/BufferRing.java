package dev.orbit.internal.ring;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.agrona.concurrent.EpochClock;

import dev.orbit.internal.memory.BufferAccess;
import dev.orbit.ring.Frame;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.NodeId;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.RingDescriptor;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.RingStats;
import dev.orbit.ring.SlotDescriptor;
import dev.orbit.ring.StartPosition;
import dev.orbit.shm.SegmentException;

/**
 * The one ring implementation: the slot protocol over a little-endian {@link ByteBuffer}, either a
 * direct buffer (process-local) or a mapped file (shared by sibling processes).
 * <p>
 * <b>Publish</b> reserves counter {@code c} from the shared head with one atomic add, then decides on the
 * slot's sequence word: if it already holds {@code c} or a newer counter the write is lost (lapped before
 * it started); if it is WRITING by a live owner the write is lost (slot busy: a live writer is never taken
 * over, so its late plain stores can never mix into another frame); otherwise it CASes the exact word it
 * read to {@code (c, me, WRITING)}, fences, stores the frame with plain stores and CASes to
 * {@code (c, me, COMMITTED)}. The final CAS fails only if a reader cancelled the position or the writer
 * was wrongly judged gone; the write is then counted lost.
 * <p>
 * <b>Read</b> of {@code c} acquires the word, requires {@code (c, COMMITTED)}, copies the frame into a
 * private buffer, fences, re-reads the word unchanged and checks the id's counter: only then is the copy
 * handed out.
 * <p>
 * <b>A mapping that faults.</b> When the ring's file is truncated under a live mapping, touching the lost pages
 * makes the JVM raise an {@link InternalError}; every public operation turns it into a {@link SegmentException}
 * naming the file, and from then on refuses every operation with one without touching the memory. The fleet's
 * keeper also checks the size of every mapped file each heartbeat interval and marks a shrunk ring the same way
 * ({@link #fault(String)}). (Compiled code gets the JVM's error a little after the faulting access, at its next
 * safepoint poll, which can lie in the caller's code once the operation was inlined: in the window before the
 * ring is marked, such a caller may still see the {@code InternalError}. JDK 17's interpreter does not survive
 * an atomic update of a lost page, which is why an operation reads a word of the page it is about to update
 * first.)
 */
class BufferRing implements Ring {

    static final int DELIVERED = 0;
    static final int OVERWRITTEN = 1;
    static final int PENDING = 2;
    static final int UNAVAILABLE = 3;

    private static final String OPEN = null;

    /** Positions {@link #readHead(FrameHandler)} looks back over for a committed frame. */
    static final int HEAD_SCAN_LIMIT = 128;

    private final ByteBuffer buffer;
    private final Path file;
    private final String name;
    private final int kind;
    private final RingSpec spec;
    private final int capacity;
    private final long mask;
    private final int stride;
    private final int payloadCapacity;
    private final int node;
    private final OwnerLiveness liveness;
    private final EpochClock clock;
    private final long pendingTimeoutMs;
    private final boolean writable;
    private final ThreadLocal<ByteBuffer> scratch;
    private volatile String closedBecause = OPEN;
    private volatile String faultedBecause;
    private volatile WakeHub wakeHub;

    BufferRing(
        final ByteBuffer buffer,
        final String name,
        final int node,
        final OwnerLiveness liveness,
        final EpochClock clock,
        final long pendingTimeoutMs,
        final boolean writable) {
        this(buffer, null, name, node, liveness, clock, pendingTimeoutMs, writable);
    }

    BufferRing(
        final ByteBuffer buffer,
        final Path file,
        final String name,
        final int node,
        final OwnerLiveness liveness,
        final EpochClock clock,
        final long pendingTimeoutMs,
        final boolean writable) {
        this.buffer = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.file = file;
        this.kind = kindOf(this.buffer);
        this.name = name != null ? name : defaultName(kind);
        this.spec = specOf(this.buffer);
        this.capacity = spec.capacity();
        this.mask = capacity - 1;
        this.stride = spec.stride();
        this.payloadCapacity = spec.payloadCapacity();
        this.node = NodeId.validate(node);
        this.liveness = liveness;
        this.clock = clock;
        this.pendingTimeoutMs = pendingTimeoutMs;
        this.writable = writable;
        final int scratchLength = Math.max(payloadCapacity, 1);
        this.scratch = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(scratchLength).order(ByteOrder.LITTLE_ENDIAN));
        this.wakeHub = WakeHub.local(this.node);
        if (this.buffer.capacity() < spec.length()) {
            throw new IllegalArgumentException("buffer too small for ring: capacity=" + this.buffer.capacity() +
                ", required=" + spec.length() + ", " + spec);
        }
    }

    static void initialise(final ByteBuffer buffer, final int kind, final RingSpec spec) {
        final ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(RingDescriptor.CAPACITY_OFFSET, spec.capacity());
        b.putInt(RingDescriptor.PAYLOAD_CAPACITY_OFFSET, spec.payloadCapacity());
        b.putInt(RingDescriptor.SLOT_STRIDE_OFFSET, spec.stride());
        b.put(RingDescriptor.KIND_OFFSET, (byte)kind);
        b.put(RingDescriptor.TOPOLOGY_OFFSET, (byte)RingDescriptor.TOPOLOGY_SHARED_HEAD);
        b.putShort(RingDescriptor.LANE_COUNT_OFFSET, (short)RingDescriptor.LANE_COUNT);
        b.putLong(RingDescriptor.FLOOR_OFFSET, 0L);
    }

    static int kindOf(final ByteBuffer buffer) {
        return buffer.get(RingDescriptor.KIND_OFFSET) & 0xFF;
    }

    static RingSpec specOf(final ByteBuffer buffer) {
        return new RingSpec(
            buffer.getInt(RingDescriptor.CAPACITY_OFFSET), buffer.getInt(RingDescriptor.PAYLOAD_CAPACITY_OFFSET));
    }

    static String defaultName(final int kind) {
        if (kind == Kinds.HEARTBEAT) {
            return "heartbeats";
        }
        final String type = Kinds.typeName(kind);
        return type.equals("user") || type.equals("reserved") ? "kind-" + kind : type;
    }

    @Override
    public int kind() {
        return kind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RingSpec spec() {
        return spec;
    }

    @Override
    public long head() {
        requireMapped();
        try {
            return BufferAccess.getLongAcquire(buffer, RingDescriptor.HEAD_OFFSET);
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    /**
     * @return the file the ring is mapped from, or null for process-local memory.
     */
    Path file() {
        return file;
    }

    /**
     * The exception for a fault of the ring's memory: its file was truncated under the mapping. The ring then
     * refuses every operation.
     */
    RuntimeException faulted(final InternalError fault) {
        final RuntimeException exception = SegmentException.truncated(file, spec.length(), fault);
        if (exception instanceof SegmentException) {
            fault(exception.getMessage());
        }
        return exception;
    }

    /**
     * Marks the ring's memory as gone (its file shrank under the mapping): every later operation throws a
     * {@link SegmentException} with this message and touches nothing.
     *
     * @param message names the file, its size and the length it must have.
     */
    void fault(final String message) {
        if (faultedBecause == null) {
            faultedBecause = message;
        }
        close(message);
    }

    private void requireMapped() {
        final String faulted = faultedBecause;
        if (faulted != null) {
            throw new SegmentException(faulted);
        }
    }

    long floor() {
        return BufferAccess.getLongAcquire(buffer, RingDescriptor.FLOOR_OFFSET);
    }

    int node() {
        return node;
    }

    @Override
    public long publish(final int frameKind, final long version, final ByteBuffer src, final int offset, final int length) {
        checkPublish(frameKind, length);
        Objects.checkFromIndexSize(offset, length, src.limit());
        try {
            return write(reserve(1L), frameKind, version, src, null, offset, length);
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    @Override
    public long publish(final int frameKind, final long version, final byte[] src, final int offset, final int length) {
        checkPublish(frameKind, length);
        Objects.checkFromIndexSize(offset, length, src.length);
        try {
            return write(reserve(1L), frameKind, version, null, src, offset, length);
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    /**
     * Reserves {@code count} consecutive counters. The header word read first makes a lost page fault on a plain
     * read (an {@link InternalError}) rather than in the atomic add, which JDK 17's interpreter cannot survive.
     */
    private long reserve(final long count) {
        if (buffer.getInt(RingDescriptor.CAPACITY_OFFSET) != capacity) {
            throw new SegmentException("ring header changed under this process: capacity=" +
                buffer.getInt(RingDescriptor.CAPACITY_OFFSET) + ", expected capacity=" + capacity + ", kind=" + kind +
                ", file=" + file + " (something other than Orbit wrote the segment)");
        }
        return BufferAccess.getAndAddLong(buffer, RingDescriptor.HEAD_OFFSET, count);
    }

    @Override
    public long[] publishBatch(final int frameKind, final long version, final List<byte[]> payloads) {
        final int count = payloads.size();
        for (int i = 0; i < count; i++) {
            checkPublish(frameKind, payloads.get(i).length);
        }
        final long[] ids = new long[count];
        if (count == 0) {
            return ids;
        }
        try {
            final long first = reserve(count);
            for (int i = 0; i < count; i++) {
                final byte[] payload = payloads.get(i);
                ids[i] = write(first + i, frameKind, version, null, payload, 0, payload.length);
            }
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
        return ids;
    }

    /**
     * Test seam: writes at an already reserved counter, as a writer that reserved it earlier would.
     */
    private void checkPublish(final int frameKind, final int length) {
        final String closedBecause = this.closedBecause;
        if (!writable || closedBecause != OPEN) {
            requireMapped();
            throw new IllegalStateException((closedBecause != OPEN ? "ring refuses writes: " + closedBecause :
                "ring is attached read-only") + ": kind=" + kind + ", ring=" + name);
        }
        if (length < 0 || length > payloadCapacity) {
            throw new IllegalArgumentException("payload too large: length=" + length + ", payloadCapacity=" +
                payloadCapacity + ", kind=" + kind);
        }
        if (frameKind < 0 || frameKind > SlotDescriptor.MAX_FRAME_KIND) {
            throw new IllegalArgumentException("frame kind out of range: frameKind=" + frameKind + ", expected 0.." +
                SlotDescriptor.MAX_FRAME_KIND);
        }
    }

    /**
     * Writes a frame at an already reserved {@code counter}: everything of a publish after its reservation.
     */
    long write(
        final long counter,
        final int frameKind,
        final long version,
        final ByteBuffer srcBuffer,
        final byte[] srcArray,
        final int offset,
        final int length) {
        final ByteBuffer buffer = this.buffer;
        final int slot = slotOffset(counter);
        final long mine = SeqWord.pack(counter, node, SeqWord.WRITING);
        while (true) {
            final long word = BufferAccess.getLongVolatile(buffer, slot);
            final int state = SeqWord.state(word);
            boolean takeover = false;
            if (state != SeqWord.EMPTY) {
                if (SeqWord.compare(word, counter) >= 0) {
                    BufferAccess.getAndAddLong(buffer, RingDescriptor.LOST_WRITES_OFFSET, 1L);
                    return NetId64.NULL;
                }
                if (state == SeqWord.WRITING) {
                    if (!liveness.isGone(SeqWord.node(word))) {
                        BufferAccess.getAndAddLong(buffer, RingDescriptor.BUSY_WRITES_OFFSET, 1L);
                        return NetId64.NULL;
                    }
                    takeover = true;
                }
            }
            if (BufferAccess.compareAndSetLong(buffer, slot, word, mine)) {
                if (takeover) {
                    BufferAccess.getAndAddLong(buffer, RingDescriptor.TAKEOVERS_OFFSET, 1L);
                }
                break;
            }
        }
        VarHandle.storeStoreFence();

        final long id = NetId64.pack(kind, node, counter);
        try {
            BufferAccess.putLong(buffer, slot + SlotDescriptor.ID_OFFSET, id);
            BufferAccess.putLong(buffer, slot + SlotDescriptor.VERSION_OFFSET, version);
            BufferAccess.putInt(buffer, slot + SlotDescriptor.LENGTH_OFFSET, length);
            buffer.put(slot + SlotDescriptor.FRAME_KIND_OFFSET, (byte)frameKind);
            if (srcArray != null) {
                buffer.put(SlotDescriptor.payloadOffset(slot), srcArray, offset, length);
            }
            else {
                buffer.put(SlotDescriptor.payloadOffset(slot), srcBuffer, offset, length);
            }
        }
        catch (final Throwable ex) {
            // A live owner's WRITING slot is never taken over: never leave one behind.
            if (BufferAccess.compareAndSetLong(buffer, slot, mine, SeqWord.pack(counter, node, SeqWord.ABANDONED))) {
                wakeSleepersQuietly();
            }
            throw ex;
        }
        beforeCommit();

        if (!BufferAccess.compareAndSetLong(buffer, slot, mine, SeqWord.pack(counter, node, SeqWord.COMMITTED))) {
            BufferAccess.getAndAddLong(buffer, RingDescriptor.LOST_WRITES_OFFSET, 1L);
            return NetId64.NULL;
        }
        // The eventcount's publisher side: after the commit (a CAS), one volatile load, a plain load on x86.
        if (BufferAccess.getLongVolatile(buffer, RingDescriptor.SLEEPERS_OFFSET) != 0L) {
            wakeSleepers();
        }
        return id;
    }

    /**
     * Nudges every node marked asleep on this ring: clears each set bit (the thread whose clear changed the bit
     * takes one off the sleepers word and sends the nudge, so a node is nudged once per sleep however many
     * publishers race) and hands the node to the wake hub.
     */
    private void wakeSleepers() {
        final ByteBuffer buffer = this.buffer;
        final WakeHub hub = this.wakeHub;
        for (int word = 0; word < RingDescriptor.SLEEPING_NODE_WORDS; word++) {
            final int offset = RingDescriptor.SLEEPING_NODES_OFFSET + word * Long.BYTES;
            long bits = BufferAccess.getLongVolatile(buffer, offset);
            while (bits != 0L) {
                final long bit = Long.lowestOneBit(bits);
                bits ^= bit;
                if ((BufferAccess.getAndBitwiseAndLong(buffer, offset, ~bit) & bit) != 0L) {
                    BufferAccess.getAndAddLong(buffer, RingDescriptor.SLEEPERS_OFFSET, -1L);
                    hub.nudge(word * Long.SIZE + Long.numberOfTrailingZeros(bit), kind);
                }
            }
        }
    }

    private void wakeSleepersQuietly() {
        try {
            if (BufferAccess.getLongVolatile(buffer, RingDescriptor.SLEEPERS_OFFSET) != 0L) {
                wakeSleepers();
            }
        }
        catch (final RuntimeException | InternalError ignored) {
            // The write's own failure is what the caller must see.
        }
    }

    /**
     * @return whether a thread of this process may mark itself asleep on this ring (the header is writable).
     */
    boolean canArmSleepers() {
        return writable && faultedBecause == null;
    }

    /**
     * Marks {@code sleeper} asleep: adds one to the sleepers word, then sets the node's bit; when the bit was set
     * already (another thread of the node sleeps, or a nudge has not cleared it yet) takes the one off again. The
     * add comes first so that the word never drops below the number of set bits. Caller holds the hub's lock.
     */
    void armSleeper(final int sleeper) {
        final int offset = RingDescriptor.sleepingNodeWordOffset(sleeper);
        final long bit = RingDescriptor.sleepingNodeBit(sleeper);
        try {
            BufferAccess.getAndAddLong(buffer, RingDescriptor.SLEEPERS_OFFSET, 1L);
            if ((BufferAccess.getAndBitwiseOrLong(buffer, offset, bit) & bit) != 0L) {
                BufferAccess.getAndAddLong(buffer, RingDescriptor.SLEEPERS_OFFSET, -1L);
            }
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    /**
     * Clears {@code sleeper}'s bit; when this cleared it (no publisher did first) takes one off the sleepers word.
     * Caller holds the hub's lock, or owns the node and knows no thread of it sleeps.
     *
     * @return whether the bit was set.
     */
    boolean disarmSleeper(final int sleeper) {
        final int offset = RingDescriptor.sleepingNodeWordOffset(sleeper);
        final long bit = RingDescriptor.sleepingNodeBit(sleeper);
        try {
            if ((BufferAccess.getAndBitwiseAndLong(buffer, offset, ~bit) & bit) != 0L) {
                BufferAccess.getAndAddLong(buffer, RingDescriptor.SLEEPERS_OFFSET, -1L);
                return true;
            }
            return false;
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    /**
     * @return the sleepers word.
     */
    long sleepers() {
        return BufferAccess.getLongVolatile(buffer, RingDescriptor.SLEEPERS_OFFSET);
    }

    WakeHub wakeHub() {
        return wakeHub;
    }

    void wakeHub(final WakeHub hub) {
        this.wakeHub = Objects.requireNonNull(hub, "hub");
    }

    /**
     * Runs between a write's plain stores and its commit; does nothing. The ring's test seams (in the core's test
     * jar) override it to stop a writer exactly there, killed or stalled mid-write. With this class the only one
     * loaded, the call compiles to nothing.
     */
    void beforeCommit() {
    }

    int slotOffset(final long counter) {
        return RingDescriptor.HEADER_LENGTH + (int)(counter & mask) * stride;
    }

    /**
     * Tries to read the frame at {@code counter} into {@code copy} and hand it to {@code handler}.
     *
     * @return {@link #DELIVERED}, {@link #OVERWRITTEN}, {@link #PENDING} or {@link #UNAVAILABLE}.
     */
    int tryRead(final long counter, final FrameHandler handler, final ByteBuffer copy) {
        return tryRead(counter, NetId64.NULL, handler, copy);
    }

    /**
     * As {@link #tryRead(long, FrameHandler, ByteBuffer)}, and the frame's id must equal {@code expectedId}
     * unless that is {@link NetId64#NULL}.
     */
    int tryRead(final long counter, final long expectedId, final FrameHandler handler, final ByteBuffer copy) {
        final ByteBuffer buffer = this.buffer;
        final int slot = slotOffset(counter);
        final long word = BufferAccess.getLongAcquire(buffer, slot);
        final int state = SeqWord.state(word);
        if (state == SeqWord.EMPTY) {
            return PENDING;
        }
        final long cmp = SeqWord.compare(word, counter);
        if (cmp > 0) {
            return OVERWRITTEN;
        }
        if (cmp < 0) {
            return PENDING;
        }
        if (state == SeqWord.ABANDONED) {
            return UNAVAILABLE;
        }
        if (state == SeqWord.WRITING) {
            return liveness.isGone(SeqWord.node(word)) ? UNAVAILABLE : PENDING;
        }

        final long id = BufferAccess.getLong(buffer, slot + SlotDescriptor.ID_OFFSET);
        final long version = BufferAccess.getLong(buffer, slot + SlotDescriptor.VERSION_OFFSET);
        final int length = BufferAccess.getInt(buffer, slot + SlotDescriptor.LENGTH_OFFSET);
        final int frameKind = buffer.get(slot + SlotDescriptor.FRAME_KIND_OFFSET) & 0xFF;
        final boolean lengthValid = length >= 0 && length <= payloadCapacity;
        if (lengthValid) {
            copy.put(0, buffer, SlotDescriptor.payloadOffset(slot), length);
        }
        VarHandle.acquireFence();
        if (BufferAccess.getLongVolatile(buffer, slot) != word) {
            return OVERWRITTEN;
        }
        if (!lengthValid || id != NetId64.pack(kind, SeqWord.node(word), counter)) {
            return UNAVAILABLE;
        }
        if (expectedId != NetId64.NULL && id != expectedId) {
            return OVERWRITTEN;
        }
        handler.onFrame(id, frameKind, version, copy, 0, length);
        return DELIVERED;
    }

    /**
     * What {@link #tryRead} would say of {@code counter} now, without copying anything; volatile loads only, so a
     * sleeper's look after marking itself asleep is ordered after the mark.
     *
     * @return {@link #DELIVERED} for a committed frame (not yet validated), else as {@link #tryRead}.
     */
    int peek(final long counter) {
        final long word = BufferAccess.getLongVolatile(buffer, slotOffset(counter));
        final int state = SeqWord.state(word);
        if (state == SeqWord.EMPTY) {
            return PENDING;
        }
        final long cmp = SeqWord.compare(word, counter);
        if (cmp != 0) {
            return cmp > 0 ? OVERWRITTEN : PENDING;
        }
        if (state == SeqWord.WRITING) {
            return liveness.isGone(SeqWord.node(word)) ? UNAVAILABLE : PENDING;
        }
        return state == SeqWord.ABANDONED ? UNAVAILABLE : DELIVERED;
    }

    /**
     * @return the head, read with a volatile load (see {@link #peek}).
     */
    long headVolatile() {
        return BufferAccess.getLongVolatile(buffer, RingDescriptor.HEAD_OFFSET);
    }

    /**
     * Settles a position a reader has waited on past the pending timeout. A position whose writer has not
     * claimed its slot (the slot still holds an older counter and no live writer) is marked ABANDONED by CAS, so
     * every reader agrees it holds nothing and the late writer learns that it lost. A reader reports a position
     * unavailable only on {@link #UNAVAILABLE} from here or from {@link #tryRead}: after that CAS succeeded, or
     * once the position is ABANDONED or its writer is gone. While the slot is WRITING by a live owner, or the CAS
     * cannot be made (a read-only handle), the position stays pending: it may still commit, and a reader that
     * gave up on it then would disagree with one that delivers it.
     *
     * @return {@link #UNAVAILABLE} when the position will never hold a frame (abandoned now or before, or its
     *     writer gone); {@link #OVERWRITTEN} when a newer counter already holds the slot; {@link #PENDING} while it
     *     may still commit (its slot is WRITING by a live owner: this position's writer, or an older stalled one
     *     that blocks it), has committed meanwhile (read it again), or this handle is read-only.
     */
    int settle(final long counter) {
        final int slot = slotOffset(counter);
        while (true) {
            final long word = BufferAccess.getLongVolatile(buffer, slot);
            final int state = SeqWord.state(word);
            if (state != SeqWord.EMPTY) {
                final long cmp = SeqWord.compare(word, counter);
                if (cmp > 0) {
                    return OVERWRITTEN;
                }
                if (cmp == 0) {
                    final boolean over = state == SeqWord.ABANDONED ||
                        (state == SeqWord.WRITING && liveness.isGone(SeqWord.node(word)));
                    return over ? UNAVAILABLE : PENDING;
                }
                if (state == SeqWord.WRITING && !liveness.isGone(SeqWord.node(word))) {
                    return PENDING;
                }
            }
            if (!writable) {
                return PENDING;
            }
            if (BufferAccess.compareAndSetLong(buffer, slot, word, SeqWord.pack(counter, node, SeqWord.ABANDONED))) {
                BufferAccess.getAndAddLong(buffer, RingDescriptor.ABANDONED_OFFSET, 1L);
                return UNAVAILABLE;
            }
        }
    }

    /**
     * Marks every slot WRITING by {@code owner} as ABANDONED: that node's previous holder is gone.
     *
     * @return slots abandoned.
     */
    int abandonWritesOf(final int owner) {
        int abandoned = 0;
        try {
            for (int i = 0; i < capacity; i++) {
                final int slot = RingDescriptor.slotOffset(i, stride);
                final long word = BufferAccess.getLongVolatile(buffer, slot);
                if (SeqWord.state(word) == SeqWord.WRITING && SeqWord.node(word) == owner &&
                    BufferAccess.compareAndSetLong(buffer, slot, word, SeqWord.pack(SeqWord.counter(word), owner, SeqWord.ABANDONED))) {
                    abandoned++;
                }
            }
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
        return abandoned;
    }

    long oldestRetained(final long head) {
        return Math.max(Math.max(floor(), head - capacity), 0L);
    }

    @Override
    public boolean read(final long id, final FrameHandler handler) {
        if (NetId64.kind(id) != kind || id == NetId64.NULL) {
            return false;
        }
        try {
            final long head = head();
            final long counter = NetId64.fullCounter(id, head);
            if (counter < oldestRetained(head)) {
                return false;
            }
            return tryRead(counter, id, handler, scratch.get()) == DELIVERED;
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    @Override
    public Optional<Frame> read(final long id) {
        final FrameCapture capture = new FrameCapture();
        return read(id, capture) ? Optional.of(capture.frame) : Optional.empty();
    }

    @Override
    public boolean readAt(final long counter, final FrameHandler handler) {
        try {
            final long head = head();
            if (counter >= head || counter < oldestRetained(head)) {
                return false;
            }
            return tryRead(counter, handler, scratch.get()) == DELIVERED;
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    @Override
    public Optional<Frame> readAt(final long counter) {
        final FrameCapture capture = new FrameCapture();
        return readAt(counter, capture) ? Optional.of(capture.frame) : Optional.empty();
    }

    @Override
    public boolean readHead(final FrameHandler handler) {
        try {
            final long head = head();
            final long stop = Math.max(oldestRetained(head), head - HEAD_SCAN_LIMIT);
            final ByteBuffer copy = scratch.get();
            for (long counter = head - 1; counter >= stop; counter--) {
                if (tryRead(counter, handler, copy) == DELIVERED) {
                    return true;
                }
            }
            return false;
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    @Override
    public Optional<Frame> readHead() {
        final FrameCapture capture = new FrameCapture();
        return readHead(capture) ? Optional.of(capture.frame) : Optional.empty();
    }

    @Override
    public RingCursor cursor(final StartPosition start) {
        final long head = head();
        final long position = start == StartPosition.LATEST ? head : oldestRetained(head);
        return new BufferRingCursor(this, position);
    }

    /**
     * A cursor at a counter: one below the oldest retained position counts the difference as overwritten at its
     * first poll; one beyond the head starts at the head.
     */
    RingCursor cursorAt(final long counter) {
        return new BufferRingCursor(this, Math.max(0, Math.min(counter, head())));
    }

    @Override
    public RingStats stats() {
        try {
            return new RingStats(
                head(),
                floor(),
                BufferAccess.getLongVolatile(buffer, RingDescriptor.LOST_WRITES_OFFSET),
                BufferAccess.getLongVolatile(buffer, RingDescriptor.BUSY_WRITES_OFFSET),
                BufferAccess.getLongVolatile(buffer, RingDescriptor.ABANDONED_OFFSET),
                BufferAccess.getLongVolatile(buffer, RingDescriptor.TAKEOVERS_OFFSET));
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    @Override
    public void reset() {
        if (!writable) {
            throw new IllegalStateException("ring is attached read-only: kind=" + kind);
        }
        try {
            while (true) {
                final long floor = floor();
                final long head = head();
                if (head <= floor || BufferAccess.compareAndSetLong(buffer, RingDescriptor.FLOOR_OFFSET, floor, head)) {
                    return;
                }
            }
        }
        catch (final InternalError fault) {
            throw faulted(fault);
        }
    }

    /**
     * Refuses further publishes: the node id of this handle is about to be released and may be claimed by
     * another process, whose slots must never be confused with ours.
     *
     * @param reason why, for the message of every later publish.
     */
    void close(final String reason) {
        if (closedBecause == OPEN) {
            closedBecause = reason;
        }
    }

    long pendingTimeoutMs() {
        return pendingTimeoutMs;
    }

    EpochClock clock() {
        return clock;
    }

    ByteBuffer newScratch() {
        return ByteBuffer.allocateDirect(Math.max(payloadCapacity, 1)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Copies a frame into a {@link Frame} record.
     */
    static final class FrameCapture implements FrameHandler {
        Frame frame;

        @Override
        public void onFrame(
            final long id, final int frameKind, final long version, final ByteBuffer buffer, final int offset, final int length) {
            final byte[] payload = new byte[length];
            buffer.get(offset, payload, 0, length);
            frame = new Frame(id, frameKind, version, payload);
        }
    }

    @Override
    public String toString() {
        return "Ring(name=" + name + ", kind=" + kind + ", " + spec + ", head=" + head() + ")";
    }
}
