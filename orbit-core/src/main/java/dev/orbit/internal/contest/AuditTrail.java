package dev.orbit.internal.contest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.EpochClock;

import dev.orbit.contest.Subject;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.Ring;

/**
 * Publishes decided claims, takeovers, renewals and releases on the contest ring (see
 * {@link ContestFrameDescriptor}). The trail never affects a decision: a frame the ring loses is counted
 * by the ring, and a publish that fails is counted here and otherwise ignored, because it happens after
 * the claims table has already decided.
 */
final class AuditTrail {

    private final Ring ring;
    private final EpochClock clock;
    private final int capacity;
    private final ThreadLocal<ByteBuffer> scratch;
    private final AtomicLong failures = new AtomicLong();

    AuditTrail(final Ring ring, final EpochClock clock) {
        if (ring.kind() != Kinds.CONTEST) {
            throw new IllegalArgumentException("audit ring must be the contest ring: kind=" + ring.kind() +
                ", expected=" + Kinds.CONTEST);
        }
        if (ring.payloadCapacity() < ContestFrameDescriptor.MIN_PAYLOAD_CAPACITY) {
            throw new IllegalArgumentException("audit ring payload capacity too small: payloadCapacity=" +
                ring.payloadCapacity() + ", min=" + ContestFrameDescriptor.MIN_PAYLOAD_CAPACITY + ", recommended=" +
                ContestFrameDescriptor.MAX_LENGTH);
        }
        this.ring = ring;
        this.clock = clock;
        this.capacity = Math.min(ring.payloadCapacity(), ContestFrameDescriptor.MAX_LENGTH);
        this.scratch = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN));
    }

    void publish(
        final int op,
        final Subject subject,
        final int node,
        final String owner,
        final long fenceToken,
        final long expiresAtMs) {
        final ByteBuffer frame = scratch.get();
        final int labelLength = Utf8.write(subject.label(), frame, ContestFrameDescriptor.labelOffset(0),
            ClaimsDescriptor.MAX_LABEL_LENGTH);
        final int ownerOffset = ContestFrameDescriptor.ownerOffset(0, labelLength);
        final int ownerLength = Utf8.write(owner, frame, ownerOffset, capacity - ownerOffset);
        frame.put(ContestFrameDescriptor.OP_OFFSET, (byte)op);
        frame.put(ContestFrameDescriptor.SUBJECT_KIND_OFFSET, (byte)subject.kind());
        frame.putShort(ContestFrameDescriptor.LABEL_LENGTH_OFFSET, (short)labelLength);
        frame.putShort(ContestFrameDescriptor.OWNER_LENGTH_OFFSET, (short)ownerLength);
        frame.putShort(ContestFrameDescriptor.NODE_OFFSET, (short)node);
        frame.putLong(ContestFrameDescriptor.FENCE_TOKEN_OFFSET, fenceToken);
        frame.putLong(ContestFrameDescriptor.EXPIRES_AT_OFFSET, expiresAtMs);
        try {
            ring.publish(op, clock.time(), frame, 0, ownerOffset + ownerLength);
        }
        catch (final RuntimeException ex) {
            failures.incrementAndGet();
        }
    }

    long failures() {
        return failures.get();
    }
}
