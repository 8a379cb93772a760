package dev.orbit.internal.contest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.internal.ring.Rings;
import dev.orbit.ring.Frame;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingSpec;
import dev.orbit.testsupport.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ContestAuditTest {

    private static final long START_MS = ContestTest.START_MS;
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Subject JOB = new Subject(7, "rebuild-index");

    private final ManualClock clock = new ManualClock(0);
    private ByteBuffer table;
    private Ring ring;

    @BeforeEach
    void setUp() {
        clock.update(START_MS);
        table = ContestTest.newTable(16);
        ring = Rings.allocate(Kinds.CONTEST, RingSpec.of(64, ContestFrameDescriptor.MAX_LENGTH), 9, clock, 1000);
    }

    private List<Frame> frames(final Ring ring) {
        final List<Frame> frames = new ArrayList<>();
        for (long counter = 0; counter < ring.head(); counter++) {
            frames.add(ring.readAt(counter).orElseThrow());
        }
        return frames;
    }

    @Test
    void shouldPublishClaimRenewAndReleaseFramesThatDecode() {
        final Contest contest = Contests.over(table, 3, n -> false, clock, ring);
        final Guard guard = ((Claimed)contest.tryClaim(JOB, "worker-\u00e9", TTL)).guard();
        clock.advance(1000);
        guard.renew(TTL);
        clock.advance(1000);
        guard.close();

        final List<Frame> frames = frames(ring);

        assertThat(frames).extracting(Frame::frameKind).containsExactly(
            ContestFrameDescriptor.OP_CLAIM, ContestFrameDescriptor.OP_RENEW, ContestFrameDescriptor.OP_RELEASE);
        assertThat(frames).extracting(Frame::version).containsExactly(START_MS, START_MS + 1000, START_MS + 2000);
        assertThat(frames).extracting(f -> ContestFrame.decode(f).orElseThrow()).containsExactly(
            new ContestFrame(ContestFrameDescriptor.OP_CLAIM, JOB, 3, "worker-\u00e9", guard.fenceToken(),
                START_MS + TTL.toMillis()),
            new ContestFrame(ContestFrameDescriptor.OP_RENEW, JOB, 3, "worker-\u00e9", guard.fenceToken(),
                START_MS + 1000 + TTL.toMillis()),
            new ContestFrame(ContestFrameDescriptor.OP_RELEASE, JOB, 3, "worker-\u00e9", guard.fenceToken(), 0));
    }

    @Test
    void shouldPublishATakeoverAndNothingForYieldsOrLostRenewals() {
        final Contest a = Contests.over(table, 1, n -> false, clock, ring);
        final Contest b = Contests.over(table, 2, n -> false, clock, ring);
        final Guard abandoned = ((Claimed)a.tryClaim(JOB, "a", TTL)).guard();
        b.tryClaim(JOB, "b", TTL);
        clock.advance(TTL.toMillis());
        final Guard next = ((Claimed)b.tryClaim(JOB, "b", TTL)).guard();
        abandoned.renew(TTL);
        abandoned.close();

        final List<ContestFrame> decoded = new ArrayList<>();
        for (final Frame frame : frames(ring)) {
            decoded.add(ContestFrame.decode(frame).orElseThrow());
        }

        assertThat(decoded).extracting(ContestFrame::op, ContestFrame::nodeId, ContestFrame::fenceToken)
            .containsExactly(
                tuple(ContestFrameDescriptor.OP_CLAIM, 1, abandoned.fenceToken()),
                tuple(ContestFrameDescriptor.OP_TAKEOVER, 2, next.fenceToken()));
    }

    @Test
    void shouldCutTheOwnerWhenTheRingPayloadIsBelowTheLongestFrame() {
        final Ring small = Rings.allocate(
            Kinds.CONTEST, RingSpec.of(8, ContestFrameDescriptor.MIN_PAYLOAD_CAPACITY + 3), 9, clock, 1000);
        final Contest contest = Contests.over(table, 1, n -> false, clock, small);
        final Subject longLabel = Subject.of("l".repeat(Subject.MAX_LABEL_LENGTH));
        final String owner = "\u00e9\u00e9" + "o".repeat(40);

        assertThat(contest.tryClaim(longLabel, owner, TTL).isClaimed()).isTrue();

        final ContestFrame frame = ContestFrame.decode(frames(small).get(0)).orElseThrow();
        assertThat(frame.subject()).isEqualTo(longLabel);
        assertThat(frame.owner()).isEqualTo("\u00e9");
        assertThat(contest.holder(longLabel)).hasValueSatisfying(h -> assertThat(h.owner()).isEqualTo(owner));
    }

    @Test
    void shouldRejectAnAuditRingOfAnotherKindOrTooSmall() {
        final Ring events = Rings.allocate(Kinds.EVENTS, RingSpec.of(8, 512), 9, clock, 1000);
        final Ring tiny = Rings.allocate(Kinds.CONTEST, RingSpec.of(8, 64), 9, clock, 1000);

        assertThatThrownBy(() -> Contests.over(table, 1, n -> false, clock, events))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("audit ring must be the contest ring: kind=220, expected=222");
        assertThatThrownBy(() -> Contests.over(table, 1, n -> false, clock, tiny))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("audit ring payload capacity too small: payloadCapacity=64, min=224, recommended=288");
    }

    @Test
    void shouldDecodeMalformedFramesAsInvalidWithoutThrowing() {
        final ByteBuffer valid = encode(ContestFrameDescriptor.OP_CLAIM, 7, "label", "owner");
        final int length = valid.limit();
        assertThat(ContestFrame.decode(valid, 0, length)).isPresent();

        assertThat(ContestFrame.decode(null, 0, length)).isEmpty();
        assertThat(ContestFrame.decode(valid, 0, ContestFrameDescriptor.HEADER_LENGTH - 1)).isEmpty();
        assertThat(ContestFrame.decode(valid, 0, length - 1)).isEmpty();
        assertThat(ContestFrame.decode(valid, 1, length)).isEmpty();
        assertThat(ContestFrame.decode(valid, -1, length)).isEmpty();
        assertThat(ContestFrame.decode(valid, 0, -1)).isEmpty();
        assertThat(ContestFrame.decode(valid, Integer.MAX_VALUE, length)).isEmpty();
        assertThat(ContestFrame.decode(valid, 0, Integer.MAX_VALUE)).isEmpty();
        assertThat(ContestFrame.decode(encode(0, 7, "label", "owner"), 0, length)).isEmpty();
        assertThat(ContestFrame.decode(encode(5, 7, "label", "owner"), 0, length)).isEmpty();
        assertThat(decode(encode(ContestFrameDescriptor.OP_CLAIM, 7, "", "owner"))).isEmpty();
        assertThat(decode(withShort(valid, ContestFrameDescriptor.LABEL_LENGTH_OFFSET, 0xFFFF))).isEmpty();
        assertThat(decode(withShort(valid, ContestFrameDescriptor.OWNER_LENGTH_OFFSET, 0xFFFF))).isEmpty();
        assertThat(decode(withShort(valid, ContestFrameDescriptor.OWNER_LENGTH_OFFSET, 4))).isEmpty();
        final ByteBuffer badUtf8 = encode(ContestFrameDescriptor.OP_CLAIM, 7, "label", "owner");
        badUtf8.put(ContestFrameDescriptor.labelOffset(0), (byte)0xC3);
        assertThat(decode(badUtf8)).isEmpty();
        final ByteBuffer encodedSurrogate = encode(ContestFrameDescriptor.OP_CLAIM, 7, "abc", "owner");
        encodedSurrogate.put(ContestFrameDescriptor.labelOffset(0), (byte)0xED);
        encodedSurrogate.put(ContestFrameDescriptor.labelOffset(0) + 1, (byte)0xA0);
        encodedSurrogate.put(ContestFrameDescriptor.labelOffset(0) + 2, (byte)0x80);
        assertThat(decode(encodedSurrogate)).isEmpty();
        final byte[] payload = new byte[length];
        valid.get(0, payload);
        assertThat(ContestFrame.decode(new Frame(1L, ContestFrameDescriptor.OP_RELEASE, 0, payload))).isEmpty();
        assertThat(ContestFrame.decode(new Frame(1L, ContestFrameDescriptor.OP_CLAIM, 0, payload))).isPresent();
        assertThat(ContestFrame.decode(new Frame(1L, ContestFrameDescriptor.OP_CLAIM, 0, null))).isEmpty();
        assertThat(ContestFrame.decode((Frame)null)).isEmpty();
    }

    @Test
    void shouldNeverThrowWhenDecodingRandomBytes() {
        final Random random = new Random(7);
        final ByteBuffer template = encode(ContestFrameDescriptor.OP_RENEW, 3, "subject", "owner");
        final List<ContestFrame> decoded = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            final byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (i % 2 == 0 && bytes.length >= template.limit()) {
                template.get(0, bytes, 0, ContestFrameDescriptor.HEADER_LENGTH);
                bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
            }
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            ContestFrame.decode(buffer, random.nextInt(4), bytes.length - random.nextInt(4)).ifPresent(decoded::add);
        }
        assertThat(decoded).allSatisfy(frame -> {
            assertThat(ContestFrameDescriptor.isValidOp(frame.op())).isTrue();
            assertThat(frame.owner().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(64);
        });
    }

    private static Optional<ContestFrame> decode(final ByteBuffer buffer) {
        return ContestFrame.decode(buffer, 0, buffer.limit());
    }

    private static ByteBuffer withShort(final ByteBuffer frame, final int offset, final int value) {
        final ByteBuffer copy = ByteBuffer.allocate(frame.limit()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(0, frame, 0, frame.limit());
        copy.putShort(offset, (short)value);
        return copy;
    }

    private static ByteBuffer encode(final int op, final int kind, final String label, final String owner) {
        final byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        final byte[] ownerBytes = owner.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer frame = ByteBuffer
            .allocate(ContestFrameDescriptor.HEADER_LENGTH + labelBytes.length + ownerBytes.length)
            .order(ByteOrder.LITTLE_ENDIAN);
        frame.put(ContestFrameDescriptor.OP_OFFSET, (byte)op);
        frame.put(ContestFrameDescriptor.SUBJECT_KIND_OFFSET, (byte)kind);
        frame.putShort(ContestFrameDescriptor.LABEL_LENGTH_OFFSET, (short)labelBytes.length);
        frame.putShort(ContestFrameDescriptor.OWNER_LENGTH_OFFSET, (short)ownerBytes.length);
        frame.putShort(ContestFrameDescriptor.NODE_OFFSET, (short)4);
        frame.putLong(ContestFrameDescriptor.FENCE_TOKEN_OFFSET, 11L);
        frame.putLong(ContestFrameDescriptor.EXPIRES_AT_OFFSET, START_MS);
        frame.put(ContestFrameDescriptor.labelOffset(0), labelBytes);
        frame.put(ContestFrameDescriptor.ownerOffset(0, labelBytes.length), ownerBytes);
        return frame;
    }
}
