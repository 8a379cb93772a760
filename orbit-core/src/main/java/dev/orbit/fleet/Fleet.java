package dev.orbit.fleet;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.agrona.concurrent.EpochClock;

import dev.orbit.cache.OrbitCache;
import dev.orbit.contest.Contest;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.heartbeat.Heartbeats;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.ring.Frame;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.OrbitType;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.StartPosition;
import dev.orbit.ring.WakeStats;
import dev.orbit.value.Orbital;

/**
 * A process's handle on a fleet: its membership, its rings and the substrates built on them.
 * {@link FleetBuilder#join()} keeps the rings in this process's memory; {@link FleetBuilder#joinShm()}
 * maps them from files that sibling processes map too. Both run the same slot protocol.
 * <p>
 * Typed calls take the class of a type annotated with {@link OrbitType}; the kind selects the ring.
 * Thread-safe.
 */
public interface Fleet extends AutoCloseable {

    /**
     * @return a builder with validating setters.
     */
    static FleetBuilder builder() {
        return new FleetBuilder();
    }

    /**
     * @return the directory of shared-memory fleets built without {@link FleetBuilder#directory}: {@code /dev/shm}
     *     where it exists, else {@code java.io.tmpdir}.
     */
    static Path defaultDirectory() {
        return SegmentNames.defaultDirectory();
    }

    /**
     * @return the fleet's name.
     */
    String name();

    /**
     * @return this process's node id.
     */
    int nodeId();

    /**
     * @return this host's epoch: a random non-zero 64-bit value written when the fleet's members segment was
     *     created (for a process-local fleet, when the handle was created). Segments created anew mean a new
     *     epoch, so other hosts of the fleet can tell a host that lost its segments from one that did not.
     */
    long hostEpoch();

    /**
     * @return expected members.
     */
    int size();

    /**
     * @return true when the rings live in shared memory.
     */
    boolean sharedMemory();

    /**
     * @return the directory of the fleet's segment files, empty for a process-local fleet.
     */
    Optional<Path> directory();

    /**
     * The wake-ups of this handle: threads that sleep on its rings ({@link dev.orbit.ring.RingCursor#awaitFrames},
     * {@link dev.orbit.event.Subscription#await}, an {@code @OrbitListener}) and the nudges that wake them.
     * {@link WakeStats#crossProcess()} is false when other processes cannot wake this one's threads (its wake socket
     * could not be opened, or after close): they then look at their ring every millisecond.
     *
     * @return counters since join.
     */
    WakeStats wakeStats();

    /**
     * @return the clock the fleet uses for timestamps, expiry and timeouts.
     */
    EpochClock clock();

    /**
     * @param type a type annotated with {@link OrbitType}.
     * @return its ring, created or attached on first use.
     * @throws IllegalArgumentException when the type has no {@code @OrbitType}, a reserved kind, or a spec that
     *     differs from the ring's existing spec (both named).
     */
    Ring ring(Class<?> type);

    /**
     * @return every ring this handle has attached, substrates' included.
     */
    Collection<Ring> rings();

    /**
     * @param type      a type annotated with {@link OrbitType}.
     * @param frameKind opcode within the ring.
     * @param version   the caller's version.
     * @param payload   the payload.
     * @return the frame's NetId64, or {@code NetId64.NULL} when its write was lost.
     */
    default long publish(final Class<?> type, final int frameKind, final long version, final byte[] payload) {
        return ring(type).publish(frameKind, version, payload);
    }

    /**
     * @param type      a type annotated with {@link OrbitType}.
     * @param frameKind opcode within the ring.
     * @param version   the caller's version.
     * @param src       payload buffer.
     * @param offset    payload offset.
     * @param length    payload length.
     * @return the frame's NetId64, or {@code NetId64.NULL} when its write was lost.
     */
    default long publish(
        final Class<?> type, final int frameKind, final long version, final ByteBuffer src, final int offset, final int length) {
        return ring(type).publish(frameKind, version, src, offset, length);
    }

    /**
     * @param type      a type annotated with {@link OrbitType}.
     * @param frameKind opcode within the ring.
     * @param version   the caller's version.
     * @param payloads  payloads, written at consecutive counters.
     * @return ids in order, {@code NetId64.NULL} for each lost write.
     */
    default long[] publishBatch(final Class<?> type, final int frameKind, final long version, final List<byte[]> payloads) {
        return ring(type).publishBatch(frameKind, version, payloads);
    }

    /**
     * Reads a frame by id; the id's kind selects the ring (attached if it exists but was not yet used).
     * An id names a frame only within the fleet that minted it (see {@link dev.orbit.ring.NetId64}): an id from
     * another fleet may return this fleet's frame at the same position.
     *
     * @param id a NetId64 minted by this fleet.
     * @return a copy of the frame, empty when it was overwritten or never existed.
     */
    Optional<Frame> read(long id);

    /**
     * @param id      a NetId64.
     * @param handler receives a private copy.
     * @return false when the frame is not readable.
     */
    boolean read(long id, FrameHandler handler);

    /**
     * @param type a type annotated with {@link OrbitType}.
     * @return the newest committed frame of its ring.
     */
    default Optional<Frame> readHead(final Class<?> type) {
        return ring(type).readHead();
    }

    /**
     * @param type    a type annotated with {@link OrbitType}.
     * @param counter a full counter.
     * @return the frame at that position.
     */
    default Optional<Frame> readAt(final Class<?> type, final long counter) {
        return ring(type).readAt(counter);
    }

    /**
     * @param type a type annotated with {@link OrbitType}.
     * @return the ring's head.
     */
    default long head(final Class<?> type) {
        return ring(type).head();
    }

    /**
     * @param type a type annotated with {@link OrbitType}.
     * @return the ring's capacity.
     */
    default int capacity(final Class<?> type) {
        return ring(type).capacity();
    }

    /**
     * @param type  a type annotated with {@link OrbitType}.
     * @param start where to start.
     * @return a new cursor.
     */
    default RingCursor cursor(final Class<?> type, final StartPosition start) {
        return ring(type).cursor(start);
    }

    /**
     * Drops every frame of a type's ring. Only for a quiescent ring; see {@link Ring#reset()}.
     *
     * @param type a type annotated with {@link OrbitType}.
     */
    default void reset(final Class<?> type) {
        ring(type).reset();
    }

    /**
     * @param type a record of primitives annotated with {@link OrbitType}.
     * @param <T>  the record type.
     * @return the shared newest value of that type.
     */
    <T extends Record> Orbital<T> orbital(Class<T> type);

    /**
     * @return every membership slot that was ever claimed, as observed now.
     */
    List<Member> members();

    /**
     * @param nodeId a node id.
     * @return true when that node's process is known to be gone.
     */
    boolean isGone(int nodeId);

    /**
     * The hosts of a fleet that spans hosts, as this host's bridge last reported them (this host included). A
     * fleet without a bridge has none: the list is empty, and nothing is created to answer.
     *
     * @param maxAge a host or member reported longer ago than this is {@link PeerState#STALE}.
     * @return this host first, then the others by host id.
     */
    List<Host> hosts(java.time.Duration maxAge);

    /**
     * @return the fleet's heartbeats.
     */
    Heartbeats heartbeats();

    /**
     * @param name a cache name ([A-Za-z0-9_.-], 1..64).
     * @return the named cache with the fleet's default cache spec, each in its own ring.
     */
    OrbitCache cache(String name);

    /**
     * @param name a cache name.
     * @param spec its ring's shape; must match the spec of an existing cache of that name.
     * @return the named cache.
     */
    OrbitCache cache(String name, dev.orbit.ring.RingSpec spec);

    /**
     * @return the fleet's event bus.
     */
    OrbitEventBus events();

    /**
     * @return the fleet's contest.
     */
    Contest contest();

    /**
     * Leaves the fleet: stops the keeper (no heartbeat or membership refresh after this returns), refuses every
     * later call on this handle and every publish through its rings, and frees the membership slot. Close a fleet
     * after its publishing threads have stopped: a write still in flight when the node id is freed could be taken
     * over by a process that claims it.
     * <p>
     * <b>The mappings stay until the JVM collects them.</b> JDK 17 has no supported unmap, and unmapping while any
     * thread can still touch the memory (a cursor, a cache, a ring obtained earlier) would crash the JVM; making
     * every operation announce itself so close could wait for it costs a publish more than a store-load barrier
     * is worth (measured, see the README). So the handle drops its references, and rings, cursors and caches
     * obtained from it keep reading the still-mapped memory safely; each mapping is released by a garbage
     * collection once nothing refers to it. Until then {@code /proc/self/maps} lists the files, and a file system
     * that holds them cannot be unmounted. Segment files stay; deleting them is {@link #unlink(Path, String, boolean)}.
     */
    @Override
    void close();

    /**
     * Deletes a fleet's segment files, and the wake-up sockets its killed members left behind (a member that
     * closes removes its own).
     *
     * @param directory the fleet directory.
     * @param name      the fleet name.
     * @param force     delete even while live members exist.
     * @return segment files deleted (sockets not counted).
     * @throws IllegalStateException naming the live members when some exist and {@code force} is false.
     */
    static int unlink(final Path directory, final String name, final boolean force) {
        return ShmFleet.unlink(directory, name, force);
    }
}
