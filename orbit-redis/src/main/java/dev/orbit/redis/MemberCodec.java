package dev.orbit.redis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.orbit.fleet.PeerState;

/**
 * A host's members as its bridge stores them in Redis: per member node id (u16), state (u8, {@link PeerState}
 * ordinal), label length (u8), pid (u32), heartbeat age in ms (u64), label (UTF-8); little-endian. Ages rather
 * than times, so hosts with different clocks read each other right.
 */
final class MemberCodec {

    /** Fixed bytes per member. */
    static final int MEMBER_LENGTH = 16;

    private static final PeerState[] STATES = PeerState.values();

    private MemberCodec() {
    }

    /**
     * A member as reported.
     */
    record Reported(int nodeId, PeerState state, long pid, long ageMs, String label) {
    }

    static byte[] encode(final List<Reported> members) {
        int length = 0;
        final List<byte[]> labels = new ArrayList<>(members.size());
        for (final Reported member : members) {
            final byte[] label = member.label().getBytes(StandardCharsets.UTF_8);
            labels.add(label);
            length += MEMBER_LENGTH + Math.min(label.length, 255);
        }
        final ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < members.size(); i++) {
            final Reported member = members.get(i);
            final byte[] label = labels.get(i);
            final int labelLength = Math.min(label.length, 255);
            buffer.putShort((short)member.nodeId()).put((byte)member.state().ordinal()).put((byte)labelLength)
                .putInt((int)member.pid()).putLong(member.ageMs()).put(label, 0, labelLength);
        }
        return buffer.array();
    }

    /**
     * @return the members, as many as decode whole (a malformed tail is dropped).
     */
    static List<Reported> decode(final byte[] bytes) {
        final List<Reported> members = new ArrayList<>();
        if (bytes == null) {
            return members;
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.remaining() >= MEMBER_LENGTH) {
            final int node = buffer.getShort() & 0xFFFF;
            final int state = buffer.get() & 0xFF;
            final int labelLength = buffer.get() & 0xFF;
            final long pid = buffer.getInt() & 0xFFFF_FFFFL;
            final long age = buffer.getLong();
            if (state >= STATES.length || buffer.remaining() < labelLength) {
                break;
            }
            final byte[] label = new byte[labelLength];
            buffer.get(label);
            members.add(new Reported(node, STATES[state], pid, Math.max(0, age), new String(label, StandardCharsets.UTF_8)));
        }
        return members;
    }
}
