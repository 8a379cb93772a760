package dev.orbit.internal.contest;

import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/**
 * Layout of the payload of an audit frame on the contest ring (kind 222): one claim, takeover, renewal or
 * release, published after the claims table decided it. The ring frame's kind is the same op and its
 * version the publisher's clock in epoch millis.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Op       | Subject Kind  |          Label Length         |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Owner Length          |             Node              |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Fence Token                           |  8
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               Expires At (epoch millis, 0 = released)         | 16
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Subject Label (UTF-8) ...                   ... 24
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Owner (UTF-8) ...                       ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * All fields are little-endian. The payload is exactly {@code HEADER_LENGTH + labelLength + ownerLength}
 * bytes. The owner is cut (at a character boundary) when the frame would not fit the ring's payload
 * capacity; a ring of at least {@link #MAX_LENGTH} payload bytes carries every frame whole. A decoder
 * ({@link ContestFrame#decode}) treats any other shape as malformed.
 */
public final class ContestFrameDescriptor {

    /** A claim won on a free subject. */
    public static final int OP_CLAIM = 1;

    /** A claim won from a holder whose claim had expired or whose process was gone. */
    public static final int OP_TAKEOVER = 2;

    /** A renewal: the same tenure with a later expiry. */
    public static final int OP_RENEW = 3;

    /** A release: the tenure ended. */
    public static final int OP_RELEASE = 4;

    /** Offset of the op (u8). */
    public static final int OP_OFFSET = 0;

    /** Offset of the subject kind (u8). */
    public static final int SUBJECT_KIND_OFFSET = OP_OFFSET + SIZE_OF_BYTE;

    /** Offset of the subject label length in bytes (u16). */
    public static final int LABEL_LENGTH_OFFSET = SUBJECT_KIND_OFFSET + SIZE_OF_BYTE;

    /** Offset of the owner length in bytes (u16). */
    public static final int OWNER_LENGTH_OFFSET = LABEL_LENGTH_OFFSET + SIZE_OF_SHORT;

    /** Offset of the holder's node id (u16). */
    public static final int NODE_OFFSET = OWNER_LENGTH_OFFSET + SIZE_OF_SHORT;

    /** Offset of the tenure's fence token (long). */
    public static final int FENCE_TOKEN_OFFSET = NODE_OFFSET + SIZE_OF_SHORT;

    /** Offset of the tenure's expiry (long, epoch millis; 0 in a release). */
    public static final int EXPIRES_AT_OFFSET = FENCE_TOKEN_OFFSET + SIZE_OF_LONG;

    /** Length of the fixed part; the label starts here, the owner follows it. */
    public static final int HEADER_LENGTH = EXPIRES_AT_OFFSET + SIZE_OF_LONG;

    /** Longest payload: header, longest label and longest owner. */
    public static final int MAX_LENGTH =
        HEADER_LENGTH + ClaimsDescriptor.MAX_LABEL_LENGTH + ClaimsDescriptor.MAX_OWNER_LENGTH;

    /** Smallest payload capacity an audit ring must have: every label fits whole. */
    public static final int MIN_PAYLOAD_CAPACITY = HEADER_LENGTH + ClaimsDescriptor.MAX_LABEL_LENGTH;

    private ContestFrameDescriptor() {
    }

    /**
     * @param frameOffset offset of a frame's payload.
     * @return offset of its label.
     */
    public static int labelOffset(final int frameOffset) {
        return frameOffset + HEADER_LENGTH;
    }

    /**
     * @param frameOffset offset of a frame's payload.
     * @param labelLength the frame's label length.
     * @return offset of its owner.
     */
    public static int ownerOffset(final int frameOffset, final int labelLength) {
        return frameOffset + HEADER_LENGTH + labelLength;
    }

    /**
     * @param op an op.
     * @return true for one of the four ops.
     */
    public static boolean isValidOp(final int op) {
        return op >= OP_CLAIM && op <= OP_RELEASE;
    }

    /**
     * @param op an op.
     * @return its name, e.g. {@code CLAIM}, or {@code UNKNOWN(9)}.
     */
    public static String opName(final int op) {
        switch (op) {
            case OP_CLAIM:
                return "CLAIM";
            case OP_TAKEOVER:
                return "TAKEOVER";
            case OP_RENEW:
                return "RENEW";
            case OP_RELEASE:
                return "RELEASE";
            default:
                return "UNKNOWN(" + op + ")";
        }
    }
}
