package dev.orbit.ring;

import java.util.Arrays;

/**
 * A frame copied out of a ring.
 *
 * @param id        NetId64 of the frame.
 * @param frameKind opcode within the ring.
 * @param version   the writer's version.
 * @param payload   a private copy of the payload.
 */
public record Frame(long id, int frameKind, long version, byte[] payload) {

    @Override
    public boolean equals(final Object o) {
        return o instanceof Frame f && f.id == id && f.frameKind == frameKind && f.version == version &&
            Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Frame(id=" + NetId64.toString(id) + ", frameKind=" + frameKind + ", version=" + version +
            ", length=" + payload.length + ")";
    }
}
