package dev.orbit.event;

import dev.orbit.ring.NetId64;

/**
 * Where an event that crossed hosts came from: recorded by the bridge that brought it into this host's ring.
 *
 * @param hostId    the publishing host's id.
 * @param hostEpoch the publishing host's epoch (changes when that host's segments are created anew).
 * @param originId  the event's NetId64 in the publishing host's ring.
 * @param streamMs  milliseconds part of the event's id in the stream that carried it.
 * @param streamSeq sequence part of that stream id.
 */
public record EventOrigin(String hostId, long hostEpoch, long originId, long streamMs, long streamSeq) {

    /**
     * Validates the host id.
     */
    public EventOrigin {
        java.util.Objects.requireNonNull(hostId, "hostId");
        final int length = hostId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (length < 1 || length > EventFrameDescriptor.MAX_HOST_ID_LENGTH) {
            throw new IllegalArgumentException("host id must be 1.." + EventFrameDescriptor.MAX_HOST_ID_LENGTH +
                " UTF-8 bytes: length=" + length + ", hostId=" + hostId);
        }
    }

    /**
     * @return the stream id as text, {@code ms-seq}.
     */
    public String streamId() {
        return Long.toUnsignedString(streamMs) + "-" + Long.toUnsignedString(streamSeq);
    }

    @Override
    public String toString() {
        return "EventOrigin(host=" + hostId + ", epoch=" + Long.toHexString(hostEpoch) + ", id=" +
            NetId64.toString(originId) + ", stream=" + streamId() + ")";
    }
}
