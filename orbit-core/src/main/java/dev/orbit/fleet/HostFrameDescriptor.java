package dev.orbit.fleet;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.orbit.internal.memory.BufferAccess;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingSpec;

import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * Layout of a host report on the bridge ring (kind {@link Kinds#BRIDGE}): a fleet's bridge writes one frame per
 * host of the fleet (its own included) every membership interval, so every process of the host, and tools that
 * only map the segments, see the fleet's hosts and their members without asking the engine between hosts. The
 * ring frame's kind is {@link #FRAME_KIND} and its version the report's last-seen time. Frames of other kinds
 * on the bridge ring belong to the bridge (its resume positions) and are skipped here.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Host Epoch                           |  0
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Last Seen (epoch ms, this host's clock)          |  8
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Bridge Node          |         Member Count          | 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Omitted            |    Status     | Host Id Length| 20
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Host Id (UTF-8) ...                    ... 24
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Members ...                         ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * A member:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Node Id            |     State     | Label Length  |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              Pid                              |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Last Seen (epoch ms, this host's clock)          |  8
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Label (UTF-8) ...                      ... 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * All fields little-endian and unaligned. Status and member state are {@link PeerState} ordinals plus one.
 * Bridge node {@value #NO_BRIDGE_NODE} means none. Times are on the clock of the host that reads the ring:
 * the bridge converts the reported ages. A report that does not fit the ring's payload leaves its last members
 * out and counts them in Omitted. {@link #decode} never throws; a malformed frame is skipped.
 */
public final class HostFrameDescriptor {

    /** Frame kind of a host report on the bridge ring. */
    public static final int FRAME_KIND = 1;

    /** Spec of the bridge ring: 256 reports of up to about 50 members each. */
    public static final RingSpec RING_SPEC = RingSpec.of(256, 4096);

    /** Offset of the host epoch (u64). */
    public static final int HOST_EPOCH_OFFSET = 0;

    /** Offset of the last-seen time (u64). */
    public static final int LAST_SEEN_OFFSET = HOST_EPOCH_OFFSET + SIZE_OF_LONG;

    /** Offset of the bridge's node id (u16). */
    public static final int BRIDGE_NODE_OFFSET = LAST_SEEN_OFFSET + SIZE_OF_LONG;

    /** Offset of the member count (u16). */
    public static final int MEMBER_COUNT_OFFSET = BRIDGE_NODE_OFFSET + SIZE_OF_SHORT;

    /** Offset of the omitted member count (u16). */
    public static final int OMITTED_OFFSET = MEMBER_COUNT_OFFSET + SIZE_OF_SHORT;

    /** Offset of the status (u8). */
    public static final int STATUS_OFFSET = OMITTED_OFFSET + SIZE_OF_SHORT;

    /** Offset of the host id length (u8). */
    public static final int HOST_ID_LENGTH_OFFSET = STATUS_OFFSET + SIZE_OF_BYTE;

    /** Length of the fixed header; the host id starts here. */
    public static final int HEADER_LENGTH = HOST_ID_LENGTH_OFFSET + SIZE_OF_BYTE;

    /** Offset of a member's node id (u16), from the member's start. */
    public static final int MEMBER_NODE_OFFSET = 0;

    /** Offset of a member's state (u8). */
    public static final int MEMBER_STATE_OFFSET = MEMBER_NODE_OFFSET + SIZE_OF_SHORT;

    /** Offset of a member's label length (u8). */
    public static final int MEMBER_LABEL_LENGTH_OFFSET = MEMBER_STATE_OFFSET + SIZE_OF_BYTE;

    /** Offset of a member's pid (u32). */
    public static final int MEMBER_PID_OFFSET = MEMBER_LABEL_LENGTH_OFFSET + SIZE_OF_BYTE;

    /** Offset of a member's last-seen time (u64). */
    public static final int MEMBER_LAST_SEEN_OFFSET = MEMBER_PID_OFFSET + SIZE_OF_INT;

    /** Length of a member's fixed fields; its label follows. */
    public static final int MEMBER_HEADER_LENGTH = MEMBER_LAST_SEEN_OFFSET + SIZE_OF_LONG;

    /** Longest host id in UTF-8 bytes. */
    public static final int MAX_HOST_ID_LENGTH = 64;

    /** Longest member label in UTF-8 bytes. */
    public static final int MAX_LABEL_LENGTH = FleetBuilder.MAX_LABEL_LENGTH;

    /** Bridge node value when no bridge is known. */
    public static final int NO_BRIDGE_NODE = 0xFFFF;

    private static final PeerState[] STATES = PeerState.values();

    private HostFrameDescriptor() {
    }

    /**
     * Encodes a host report. Members that do not fit {@code capacity} are left out and counted.
     *
     * @param buffer   destination.
     * @param offset   payload offset.
     * @param capacity bytes available from {@code offset}.
     * @param host     the report ({@link Host#local()} is not encoded: readers compare epochs).
     * @return the frame length.
     * @throws IllegalArgumentException when the host id or a label is too long, or the header does not fit.
     */
    public static int encode(final ByteBuffer buffer, final int offset, final int capacity, final Host host) {
        final byte[] hostId = host.hostId().getBytes(StandardCharsets.UTF_8);
        if (hostId.length < 1 || hostId.length > MAX_HOST_ID_LENGTH) {
            throw new IllegalArgumentException("host id must be 1.." + MAX_HOST_ID_LENGTH + " UTF-8 bytes: length=" +
                hostId.length + ", hostId=" + host.hostId());
        }
        if (HEADER_LENGTH + hostId.length > capacity) {
            throw new IllegalArgumentException("host report does not fit: capacity=" + capacity + ", needed=" +
                (HEADER_LENGTH + hostId.length));
        }
        int at = offset + HEADER_LENGTH + hostId.length;
        final int end = offset + capacity;
        int written = 0;
        for (final HostMember member : host.members()) {
            final byte[] label = member.label().getBytes(StandardCharsets.UTF_8);
            if (label.length > MAX_LABEL_LENGTH) {
                throw new IllegalArgumentException("member label too long: length=" + label.length + ", max=" +
                    MAX_LABEL_LENGTH + ", nodeId=" + member.nodeId());
            }
            if (at + MEMBER_HEADER_LENGTH + label.length > end) {
                break;
            }
            BufferAccess.putShort(buffer, at + MEMBER_NODE_OFFSET, (short)member.nodeId());
            buffer.put(at + MEMBER_STATE_OFFSET, (byte)(member.state().ordinal() + 1));
            buffer.put(at + MEMBER_LABEL_LENGTH_OFFSET, (byte)label.length);
            BufferAccess.putInt(buffer, at + MEMBER_PID_OFFSET, (int)member.pid());
            BufferAccess.putLong(buffer, at + MEMBER_LAST_SEEN_OFFSET, member.lastSeenMs());
            buffer.put(at + MEMBER_HEADER_LENGTH, label);
            at += MEMBER_HEADER_LENGTH + label.length;
            written++;
        }
        BufferAccess.putLong(buffer, offset + HOST_EPOCH_OFFSET, host.hostEpoch());
        BufferAccess.putLong(buffer, offset + LAST_SEEN_OFFSET, host.lastSeenMs());
        BufferAccess.putShort(buffer, offset + BRIDGE_NODE_OFFSET, (short)(host.bridgeNode() < 0 ? NO_BRIDGE_NODE : host.bridgeNode()));
        BufferAccess.putShort(buffer, offset + MEMBER_COUNT_OFFSET, (short)written);
        BufferAccess.putShort(buffer, offset + OMITTED_OFFSET,
            (short)Math.min(0xFFFF, host.omitted() + host.members().size() - written));
        buffer.put(offset + STATUS_OFFSET, (byte)(host.state().ordinal() + 1));
        buffer.put(offset + HOST_ID_LENGTH_OFFSET, (byte)hostId.length);
        buffer.put(offset + HEADER_LENGTH, hostId);
        return at - offset;
    }

    /**
     * Decodes a host report. Never throws.
     *
     * @param frameKind  the ring frame's kind.
     * @param buffer     holds the payload.
     * @param offset     payload offset.
     * @param length     payload length.
     * @param localEpoch this host's epoch: a report with it is {@link Host#local()}.
     * @return the report as written, empty when the frame is not a well formed host report.
     */
    public static Optional<Host> decode(
        final int frameKind, final ByteBuffer buffer, final int offset, final int length, final long localEpoch) {
        if (frameKind != FRAME_KIND || buffer == null || offset < 0 || length < HEADER_LENGTH ||
            offset > buffer.limit() - length) {
            return Optional.empty();
        }
        final int end = offset + length;
        final int status = buffer.get(offset + STATUS_OFFSET) & 0xFF;
        final int hostIdLength = buffer.get(offset + HOST_ID_LENGTH_OFFSET) & 0xFF;
        final int count = BufferAccess.getShort(buffer, offset + MEMBER_COUNT_OFFSET) & 0xFFFF;
        if (status < 1 || status > STATES.length || hostIdLength < 1 || hostIdLength > MAX_HOST_ID_LENGTH ||
            HEADER_LENGTH + hostIdLength > length) {
            return Optional.empty();
        }
        final String hostId = utf8(buffer, offset + HEADER_LENGTH, hostIdLength);
        if (hostId == null) {
            return Optional.empty();
        }
        final List<HostMember> members = new ArrayList<>(Math.min(count, 256));
        int at = offset + HEADER_LENGTH + hostIdLength;
        for (int i = 0; i < count; i++) {
            if (end - at < MEMBER_HEADER_LENGTH) {
                return Optional.empty();
            }
            final int state = buffer.get(at + MEMBER_STATE_OFFSET) & 0xFF;
            final int labelLength = buffer.get(at + MEMBER_LABEL_LENGTH_OFFSET) & 0xFF;
            if (state < 1 || state > STATES.length || labelLength > MAX_LABEL_LENGTH ||
                end - at - MEMBER_HEADER_LENGTH < labelLength) {
                return Optional.empty();
            }
            final String label = utf8(buffer, at + MEMBER_HEADER_LENGTH, labelLength);
            if (label == null) {
                return Optional.empty();
            }
            members.add(new HostMember(
                BufferAccess.getShort(buffer, at + MEMBER_NODE_OFFSET) & 0xFFFF,
                BufferAccess.getInt(buffer, at + MEMBER_PID_OFFSET) & 0xFFFF_FFFFL,
                label,
                STATES[state - 1],
                BufferAccess.getLong(buffer, at + MEMBER_LAST_SEEN_OFFSET)));
            at += MEMBER_HEADER_LENGTH + labelLength;
        }
        if (at != end) {
            return Optional.empty();
        }
        final long epoch = BufferAccess.getLong(buffer, offset + HOST_EPOCH_OFFSET);
        final int bridgeNode = BufferAccess.getShort(buffer, offset + BRIDGE_NODE_OFFSET) & 0xFFFF;
        return Optional.of(new Host(
            hostId,
            epoch,
            epoch == localEpoch,
            STATES[status - 1],
            BufferAccess.getLong(buffer, offset + LAST_SEEN_OFFSET),
            bridgeNode == NO_BRIDGE_NODE ? -1 : bridgeNode,
            members,
            BufferAccess.getShort(buffer, offset + OMITTED_OFFSET) & 0xFFFF));
    }

    /**
     * The fleet's hosts as the newest report of each in the bridge ring says, judged now: a host or member
     * reported longer than {@code maxAgeMs} ago is {@link PeerState#STALE}, one reported gone stays
     * {@link PeerState#GONE}. This host first, then by host id.
     *
     * @param ring       the bridge ring.
     * @param nowMs      epoch millis now.
     * @param maxAgeMs   age beyond which a report is stale.
     * @param localEpoch this host's epoch.
     * @return one entry per host id.
     */
    public static List<Host> newestPerHost(final Ring ring, final long nowMs, final long maxAgeMs, final long localEpoch) {
        final Map<String, Host> newest = new LinkedHashMap<>();
        final long head = ring.head();
        final long stop = Math.max(0, head - ring.capacity());
        final FrameHandler collect = (id, frameKind, version, buffer, offset, length) ->
            decode(frameKind, buffer, offset, length, localEpoch).ifPresent(host -> newest.putIfAbsent(host.hostId(), host));
        for (long counter = head - 1; counter >= stop; counter--) {
            ring.readAt(counter, collect);
        }
        final List<Host> hosts = new ArrayList<>();
        for (final Host host : newest.values()) {
            final List<HostMember> members = new ArrayList<>(host.members().size());
            for (final HostMember member : host.members()) {
                members.add(new HostMember(member.nodeId(), member.pid(), member.label(),
                    judge(member.state(), member.lastSeenMs(), nowMs, maxAgeMs), member.lastSeenMs()));
            }
            hosts.add(new Host(host.hostId(), host.hostEpoch(), host.local(),
                judge(host.state(), host.lastSeenMs(), nowMs, maxAgeMs), host.lastSeenMs(), host.bridgeNode(), members,
                host.omitted()));
        }
        hosts.sort(Comparator.comparing((Host host) -> !host.local()).thenComparing(Host::hostId));
        return hosts;
    }

    private static PeerState judge(final PeerState reported, final long lastSeenMs, final long nowMs, final long maxAgeMs) {
        if (reported == PeerState.GONE) {
            return PeerState.GONE;
        }
        return nowMs - lastSeenMs > maxAgeMs ? PeerState.STALE : reported;
    }

    private static String utf8(final ByteBuffer buffer, final int offset, final int length) {
        try {
            final CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(buffer.duplicate().limit(offset + length).position(offset));
            return chars.toString();
        }
        catch (final CharacterCodingException ex) {
            return null;
        }
    }
}
