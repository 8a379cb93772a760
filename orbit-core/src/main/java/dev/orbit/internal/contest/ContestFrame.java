package dev.orbit.internal.contest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import dev.orbit.contest.Subject;
import dev.orbit.ring.Frame;

/**
 * One decoded audit frame of the contest ring (see {@link ContestFrameDescriptor}): what was decided,
 * on which subject, for whom. The frames are the audit trail, not the decision: the claims table decides,
 * and the ring may lose frames.
 *
 * @param op          one of the {@code OP_*} of {@link ContestFrameDescriptor}.
 * @param subject     the subject.
 * @param nodeId      the holder's node id.
 * @param owner       the holder's owner label (cut when the ring's payload capacity is below
 *                    {@link ContestFrameDescriptor#MAX_LENGTH}).
 * @param fenceToken  the tenure's fence token.
 * @param expiresAtMs epoch millis when the tenure ends without renewal; 0 for a release.
 */
public record ContestFrame(int op, Subject subject, int nodeId, String owner, long fenceToken, long expiresAtMs) {

    /**
     * Decodes a frame read from the contest ring. Never throws: any frame that is not exactly one valid
     * encoding, or whose ring frame kind differs from its op, is malformed.
     *
     * @param frame a frame copied out of the contest ring.
     * @return the decoded frame, empty when malformed.
     */
    public static Optional<ContestFrame> decode(final Frame frame) {
        if (frame == null || frame.payload() == null) {
            return Optional.empty();
        }
        final Optional<ContestFrame> decoded = decode(ByteBuffer.wrap(frame.payload()), 0, frame.payload().length);
        return decoded.filter(f -> f.op == frame.frameKind());
    }

    /**
     * Decodes an audit frame's payload. Never throws: a payload that is not exactly one valid encoding
     * (bounds outside the buffer, unknown op, empty or over-long label, over-long owner, lengths that do not
     * add up to {@code length}, malformed UTF-8) is malformed.
     *
     * @param buffer holds the payload; its byte order does not matter.
     * @param offset payload offset in {@code buffer}.
     * @param length payload length.
     * @return the decoded frame, empty when malformed.
     */
    public static Optional<ContestFrame> decode(final ByteBuffer buffer, final int offset, final int length) {
        if (buffer == null || offset < 0 || length < ContestFrameDescriptor.HEADER_LENGTH ||
            offset > buffer.limit() - length) {
            return Optional.empty();
        }
        final ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final int op = b.get(offset + ContestFrameDescriptor.OP_OFFSET) & 0xFF;
        final int kind = b.get(offset + ContestFrameDescriptor.SUBJECT_KIND_OFFSET) & 0xFF;
        final int labelLength = b.getShort(offset + ContestFrameDescriptor.LABEL_LENGTH_OFFSET) & 0xFFFF;
        final int ownerLength = b.getShort(offset + ContestFrameDescriptor.OWNER_LENGTH_OFFSET) & 0xFFFF;
        final int node = b.getShort(offset + ContestFrameDescriptor.NODE_OFFSET) & 0xFFFF;
        final long fenceToken = b.getLong(offset + ContestFrameDescriptor.FENCE_TOKEN_OFFSET);
        final long expiresAtMs = b.getLong(offset + ContestFrameDescriptor.EXPIRES_AT_OFFSET);
        if (!ContestFrameDescriptor.isValidOp(op) ||
            labelLength == 0 || labelLength > ClaimsDescriptor.MAX_LABEL_LENGTH ||
            ownerLength > ClaimsDescriptor.MAX_OWNER_LENGTH ||
            ContestFrameDescriptor.HEADER_LENGTH + labelLength + ownerLength != length) {
            return Optional.empty();
        }
        final String label = utf8(b, ContestFrameDescriptor.labelOffset(offset), labelLength);
        final String owner = utf8(b, ContestFrameDescriptor.ownerOffset(offset, labelLength), ownerLength);
        if (label == null || owner == null) {
            return Optional.empty();
        }
        return Optional.of(new ContestFrame(op, new Subject(kind, label), node, owner, fenceToken, expiresAtMs));
    }

    private static String utf8(final ByteBuffer buffer, final int offset, final int length) {
        final ByteBuffer bytes = buffer.duplicate();
        bytes.limit(offset + length).position(offset);
        try {
            final CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(bytes);
            return chars.toString();
        }
        catch (final CharacterCodingException ex) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "ContestFrame(" + ContestFrameDescriptor.opName(op) + ", subject=" + subject + ", nodeId=" + nodeId +
            ", owner=" + owner + ", fenceToken=" + fenceToken + ", expiresAtMs=" + expiresAtMs + ")";
    }
}
