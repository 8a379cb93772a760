package dev.orbit.stress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.orbit.cache.CacheFrameDescriptor;
import dev.orbit.cache.OrbitCache;
import dev.orbit.event.EventFrameDescriptor;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Fleet;
import dev.orbit.internal.contest.ContestFrame;
import dev.orbit.ring.Frame;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.StartPosition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of every frame decoder and of NetId64 text: random inputs and mutations of valid ones. Each
 * decoder is held to the documented contract (never throws; a malformed frame is unavailable, counted), and
 * its verdict is compared with an oracle written here from the documented layout, so a decoder that accepts
 * too much or too little fails too. End to end, malformed frames are published raw into the substrate's own
 * ring and must show up exactly in its unavailable count while the well-formed ones keep working.
 * <p>
 * Inputs per decoder: {@code -Dorbit.stress.fuzz.inputs} (default 100000); seed: {@code -Dorbit.stress.fuzz.seed}.
 */
class DecoderFuzzTest {

    static final int INPUTS = Knobs.integer("orbit.stress.fuzz.inputs", 100_000);
    static final long SEED = Knobs.seed("orbit.stress.fuzz.seed", 0x0_5EED_F022L);
    private static final int PAYLOAD = 256;
    private static final int RING = 1024;

    @Test
    void shouldParseNetId64TextOrRejectItWithIllegalArgumentOnly() {
        final Mutator m = new Mutator(SEED);
        final String alphabet = "0123456789:xXabcdefABCDEF-+ \t.,_\u00e9\u0661\uff10";
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < INPUTS; i++) {
            final String text;
            final long id = m.random().nextLong();
            switch (m.nextInt(4)) {
                case 0: {
                    final StringBuilder s = new StringBuilder();
                    for (int n = m.nextInt(30); n > 0; n--) {
                        s.append(alphabet.charAt(m.nextInt(alphabet.length())));
                    }
                    text = s.toString();
                    break;
                }
                case 1:
                    text = new String(m.mutate(NetId64.toString(id).getBytes(StandardCharsets.UTF_8), 40),
                        StandardCharsets.ISO_8859_1);
                    break;
                case 2:
                    text = new String(m.mutate(NetId64.toHexString(id).getBytes(StandardCharsets.UTF_8), 40),
                        StandardCharsets.ISO_8859_1);
                    break;
                default:
                    text = m.nextInt(10) == 0 ? null : NetId64.toString(id);
            }
            final long value;
            try {
                value = NetId64.parse(text);
            }
            catch (final IllegalArgumentException expected) {
                rejected++;
                assertThat(expected.getMessage()).isNotBlank();
                continue;
            }
            catch (final RuntimeException ex) {
                throw new AssertionError("NetId64.parse(\"" + text + "\") threw " + ex + " (seed=" + SEED + ", input=" + i + ")", ex);
            }
            parsed++;
            assertThat(NetId64.kind(value)).as("kind of %s", text).isBetween(1, 255);
            assertThat(NetId64.parse(NetId64.toHexString(value))).as("hex round trip of %s", text).isEqualTo(value);
            assertThat(NetId64.parse(NetId64.toString(value))).as("round trip of %s", text).isEqualTo(value);
        }
        for (int i = 0; i < 1000; i++) {
            final long id = NetId64.pack(1 + m.nextInt(255), m.nextInt(65536), m.random().nextLong() & NetId64.COUNTER_MASK);
            assertThat(NetId64.parse(NetId64.toString(id))).isEqualTo(id);
            assertThat(NetId64.parse(NetId64.toHexString(id))).isEqualTo(id);
        }
        System.out.println("[fuzz] NetId64.parse inputs=" + INPUTS + " parsed=" + parsed + " rejected=" + rejected);
    }

    @Test
    void shouldJudgeCacheFramesWithoutThrowingAndAgreeWithTheLayout() {
        final Mutator m = new Mutator(SEED + 1);
        int wellFormed = 0;
        for (int i = 0; i < INPUTS; i++) {
            final byte[] bytes = cacheInput(m);
            final int frameKind = frameKindFor(m, bytes);
            final int pad = m.nextInt(4);
            final ByteBuffer buffer = ByteBuffer.allocate(pad + bytes.length + m.nextInt(4)).put(pad, bytes);
            final boolean expected = cacheOracle(frameKind, bytes);
            final boolean actual;
            try {
                actual = CacheFrameDescriptor.isWellFormed(frameKind, buffer, pad, bytes.length);
                CacheFrameDescriptor.isWellFormed(frameKind, buffer, m.random().nextInt(-4, 600), m.random().nextInt(-4, 600));
                CacheFrameDescriptor.isWellFormed(frameKind, null, 0, bytes.length);
            }
            catch (final RuntimeException ex) {
                throw new AssertionError("isWellFormed threw on " + Arrays.toString(bytes) + " (seed=" + SEED + ", input=" + i + ")", ex);
            }
            assertThat(actual).as("cache verdict on %s kind=%d", Arrays.toString(bytes), frameKind).isEqualTo(expected);
            if (actual) {
                wellFormed++;
                final int keyLength = CacheFrameDescriptor.keyLength(buffer, pad);
                final int valueLength = CacheFrameDescriptor.valueLength(buffer, pad);
                assertThat(CacheFrameDescriptor.valueOffset(pad, keyLength) + valueLength).isEqualTo(pad + bytes.length);
            }
        }
        System.out.println("[fuzz] cache frames inputs=" + INPUTS + " wellFormed=" + wellFormed);
    }

    @Test
    void shouldCountEveryMalformedCacheFrameAsUnavailableAndServeTheRest() {
        final Mutator m = new Mutator(SEED + 2);
        try (Fleet fleet = Fleet.builder().name("fuzz-kv").join()) {
            final OrbitCache cache = fleet.cache("fuzz", RingSpec.of(RING, PAYLOAD));
            final Ring ring = ringOfKind(fleet, Kinds.CACHE);
            long malformed = 0;
            long hits = 0;
            for (int i = 0; i < INPUTS; i++) {
                final byte[] bytes = cacheInput(m);
                final int frameKind = frameKindFor(m, bytes);
                assertThat(ring.publish(frameKind, 0, bytes)).isNotEqualTo(NetId64.NULL);
                final boolean valid = cacheOracle(frameKind, bytes);
                if (!valid) {
                    malformed++;
                }
                final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                try {
                    if (valid && bytes[0] == CacheFrameDescriptor.PUT && freshExpiry(b.getLong(5))) {
                        final int keyLength = b.getShort(1) & 0xFFFF;
                        final byte[] key = Arrays.copyOfRange(bytes, 13, 13 + keyLength);
                        final Optional<byte[]> value = cache.get(key);
                        assertThat(value).as("get of a key just put raw").isPresent();
                        assertThat(value.get()).isEqualTo(Arrays.copyOfRange(bytes, 13 + keyLength, bytes.length));
                        hits++;
                    }
                    else if (i % 64 == 0) {
                        cache.get(m.bytes(m.nextInt(8)));
                    }
                }
                catch (final RuntimeException ex) {
                    throw new AssertionError("cache threw after frame " + Arrays.toString(bytes) + " kind=" + frameKind +
                        " (seed=" + SEED + ", input=" + i + ")", ex);
                }
            }
            cache.get(new byte[] {1});
            assertThat(cache.stats().overwritten()).as("the test reads before the ring laps").isZero();
            assertThat(cache.stats().unavailable()).as("malformed frames counted as unavailable").isEqualTo(malformed);
            System.out.println("[fuzz] cache end to end frames=" + INPUTS + " malformed=" + malformed + " counted unavailable=" +
                cache.stats().unavailable() + " raw puts read back=" + hits);
        }
    }

    @Test
    void shouldJudgeEventFramesWithoutThrowingAndAgreeWithTheLayout() {
        final Mutator m = new Mutator(SEED + 3);
        int wellFormed = 0;
        for (int i = 0; i < INPUTS; i++) {
            final EventInput input = eventInput(m);
            final byte[] bytes = input.bytes();
            final int frameKind = input.kind();
            final int pad = m.nextInt(4);
            final ByteBuffer buffer = ByteBuffer.allocate(pad + bytes.length + m.nextInt(4)).put(pad, bytes);
            final boolean actual;
            try {
                actual = EventFrameDescriptor.isWellFormed(frameKind, buffer, pad, bytes.length);
                EventFrameDescriptor.isWellFormed(frameKind, buffer, m.random().nextInt(-4, 600), m.random().nextInt(-4, 600));
                if (actual) {
                    EventFrameDescriptor.decodeHeaders(frameKind, buffer, pad);
                }
            }
            catch (final RuntimeException ex) {
                throw new AssertionError("isWellFormed threw on " + Arrays.toString(bytes) + " (seed=" + SEED + ", input=" + i + ")", ex);
            }
            assertThat(actual).as("event verdict on %s kind=%d", Arrays.toString(bytes), frameKind)
                .isEqualTo(eventOracle(frameKind, bytes));
            if (actual) {
                wellFormed++;
            }
        }
        System.out.println("[fuzz] event frames inputs=" + INPUTS + " wellFormed=" + wellFormed);
    }

    @Test
    void shouldCountEveryMalformedEventAsUnavailableAndDeliverTheRest() {
        final Mutator m = new Mutator(SEED + 4);
        try (Fleet fleet = Fleet.builder().name("fuzz-events").eventsSpec(RingSpec.of(RING, PAYLOAD)).join()) {
            final OrbitEventBus bus = fleet.events();
            final Ring ring = ringOfKind(fleet, Kinds.EVENTS);
            final Subscription all = bus.subscribe(StartPosition.EARLIEST);
            final Subscription records = bus.subscribe(StartPosition.EARLIEST);
            long malformed = 0;
            final List<byte[]> expected = new ArrayList<>();
            final List<byte[]> received = new ArrayList<>();
            long recordsReceived = 0;
            for (int i = 0; i < INPUTS; i++) {
                final EventInput input = eventInput(m);
                final byte[] bytes = input.bytes();
                final int frameKind = input.kind();
                assertThat(ring.publish(frameKind, 0, bytes)).isNotEqualTo(NetId64.NULL);
                if (eventOracle(frameKind, bytes)) {
                    expected.add(topicAndPayload(frameKind, bytes));
                }
                else {
                    malformed++;
                }
                if (i % 256 == 255 || i == INPUTS - 1) {
                    try {
                        all.poll((id, ts, buffer, topicOffset, topicLength, payloadOffset, payloadLength) -> {
                            final byte[] both = new byte[2 + topicLength + payloadLength];
                            both[0] = (byte)topicLength;
                            buffer.get(topicOffset, both, 2, topicLength);
                            buffer.get(payloadOffset, both, 2 + topicLength, payloadLength);
                            received.add(both);
                        }, Integer.MAX_VALUE);
                        recordsReceived += records.poll(Integer.MAX_VALUE).events().size();
                    }
                    catch (final RuntimeException ex) {
                        throw new AssertionError("subscription threw (seed=" + SEED + ", input=" + i + ")", ex);
                    }
                }
            }
            assertThat(all.loss().overwritten()).as("the test polls before the ring laps").isZero();
            assertThat(all.loss().unavailable()).as("malformed events counted as unavailable").isEqualTo(malformed);
            assertThat(records.loss().unavailable()).isEqualTo(malformed);
            assertThat(recordsReceived).isEqualTo(expected.size());
            assertThat(received).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(received.get(i)).as("event %d topic and payload", i).isEqualTo(expected.get(i));
            }
            System.out.println("[fuzz] events end to end frames=" + INPUTS + " malformed=" + malformed +
                " counted unavailable=" + all.loss().unavailable() + " delivered=" + received.size());
        }
    }

    @Test
    void shouldDecodeContestAuditFramesWithoutThrowingAndAgreeWithTheLayout() {
        final Mutator m = new Mutator(SEED + 5);
        int decoded = 0;
        for (int i = 0; i < INPUTS; i++) {
            final byte[] bytes = contestInput(m);
            final int pad = m.nextInt(4);
            final ByteBuffer buffer = ByteBuffer.allocate(pad + bytes.length + m.nextInt(4)).put(pad, bytes);
            final int frameKind = m.chance(80) && bytes.length > 0 ? bytes[0] & 0xFF : m.nextInt(256);
            final Optional<ContestFrame> actual;
            final Optional<ContestFrame> fromFrame;
            try {
                actual = ContestFrame.decode(buffer, pad, bytes.length);
                fromFrame = ContestFrame.decode(new Frame(NetId64.pack(Kinds.CONTEST, 1, i), frameKind, 0, bytes));
                ContestFrame.decode(buffer, m.random().nextInt(-4, 600), m.random().nextInt(-4, 600));
                ContestFrame.decode(null, 0, 0);
                ContestFrame.decode((Frame)null);
            }
            catch (final RuntimeException ex) {
                throw new AssertionError("ContestFrame.decode threw on " + Arrays.toString(bytes) + " (seed=" + SEED +
                    ", input=" + i + ")", ex);
            }
            final ContestFrame oracle = contestOracle(bytes);
            assertThat(actual).as("contest verdict on %s", Arrays.toString(bytes)).isEqualTo(Optional.ofNullable(oracle));
            assertThat(fromFrame).isEqualTo(Optional.ofNullable(oracle).filter(f -> f.op() == frameKind));
            if (oracle != null) {
                decoded++;
            }
        }
        System.out.println("[fuzz] contest audit frames inputs=" + INPUTS + " decoded=" + decoded);
    }

    // ---- inputs: valid encodings (built here from the documented layouts), mutated, or random ----

    static byte[] cacheInput(final Mutator m) {
        final int op = m.chance(75) ? 1 + m.nextInt(3) : 4 + m.nextInt(3);
        final int keyLength = op == CacheFrameDescriptor.VERSIONED_CLEAR ? 0 : m.nextInt(24);
        final int valueLength = op == CacheFrameDescriptor.PUT || op == CacheFrameDescriptor.VERSIONED_PUT ? m.nextInt(48) : 0;
        final ByteBuffer b = ByteBuffer.allocate(13 + keyLength + valueLength).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte)op).putShort((short)keyLength).putShort((short)valueLength)
            .putLong(m.chance(70) ? 0 : m.random().nextLong()).put(m.bytes(keyLength)).put(m.bytes(valueLength));
        return shape(m, b.array());
    }

    /** An event input and the frame kind it is published with. */
    record EventInput(byte[] bytes, int kind) {
    }

    /**
     * Events of both layouts: the first (kind 1, 12-byte header) and the current one (kind 2, 16-byte header and
     * header entries: origin, stream id, trace context, content type, an unknown type), most with the matching
     * frame kind.
     */
    static EventInput eventInput(final Mutator m) {
        final byte[] topic = m.chance(80) ? ("topic-" + m.nextInt(50)).getBytes(StandardCharsets.UTF_8) :
            m.bytes(m.nextInt(8));
        final int payloadLength = m.nextInt(64);
        final boolean current = m.chance(70);
        final ByteBuffer entries = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        int flags = 0;
        if (current) {
            if (m.chance(40)) {
                entries.put((byte)3).put((byte)55).put("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
                    .getBytes(StandardCharsets.US_ASCII));
            }
            if (m.chance(30)) {
                entries.put((byte)5).put((byte)16).put("application/json".getBytes(StandardCharsets.US_ASCII));
            }
            if (m.chance(40)) {
                final byte[] host = ("host-" + m.nextInt(9)).getBytes(StandardCharsets.UTF_8);
                entries.put((byte)1).put((byte)(16 + host.length)).putLong(m.random().nextLong())
                    .putLong(m.random().nextLong()).put(host);
                entries.put((byte)2).put((byte)16).putLong(m.random().nextLong()).putLong(m.nextInt(1000));
                if (m.chance(50)) {
                    entries.put((byte)6).put((byte)16).putLong(m.random().nextLong()).putLong(m.nextInt(1000));
                }
                flags = m.chance(80) ? 1 : 0;
            }
            if (m.chance(10)) {
                entries.put((byte)(0x80 + m.nextInt(128))).put((byte)3).put(m.bytes(3));
            }
        }
        final int headersLength = entries.position();
        final int fixed = current ? 16 : 12;
        final ByteBuffer b = ByteBuffer.allocate(fixed + headersLength + topic.length + payloadLength)
            .order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short)topic.length).putShort((short)payloadLength).putLong(m.random().nextLong());
        if (current) {
            b.putShort((short)headersLength).put((byte)flags).put((byte)0).put(entries.array(), 0, headersLength);
        }
        b.put(topic).put(m.bytes(payloadLength));
        final int kind = m.chance(90) ? (current ? EventFrameDescriptor.FRAME_KIND : EventFrameDescriptor.FRAME_KIND_V1) :
            m.nextInt(256);
        return new EventInput(shape(m, b.array()), kind);
    }

    static byte[] contestInput(final Mutator m) {
        final byte[] label = m.chance(80) ? ("job-" + m.nextInt(1000)).getBytes(StandardCharsets.UTF_8) : m.bytes(m.nextInt(12));
        final byte[] owner = m.chance(80) ? ("owner\u00e9" + m.nextInt(9)).getBytes(StandardCharsets.UTF_8) : m.bytes(m.nextInt(12));
        final ByteBuffer b = ByteBuffer.allocate(24 + label.length + owner.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte)(1 + m.nextInt(4))).put((byte)m.nextInt(256)).putShort((short)label.length)
            .putShort((short)owner.length).putShort((short)m.nextInt(256)).putLong(m.random().nextLong())
            .putLong(m.random().nextLong()).put(label).put(owner);
        return shape(m, b.array());
    }

    /** One input in ten is random bytes, six in ten are mutated, the rest stay valid. */
    private static byte[] shape(final Mutator m, final byte[] valid) {
        final int roll = m.nextInt(10);
        if (roll == 0) {
            return m.bytes(m.nextInt(PAYLOAD));
        }
        return roll <= 6 ? m.mutate(valid, PAYLOAD) : valid;
    }

    private static int frameKindFor(final Mutator m, final byte[] bytes) {
        return m.chance(90) && bytes.length > 0 ? bytes[0] & 0xFF : m.nextInt(256);
    }

    private static boolean freshExpiry(final long expiresAt) {
        return expiresAt == 0 || expiresAt > System.currentTimeMillis() + 3_600_000L;
    }

    // ---- oracles, from the documented layouts ----

    static boolean cacheOracle(final int frameKind, final byte[] bytes) {
        if (bytes.length < 13) {
            return false;
        }
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int op = b.get(0) & 0xFF;
        final int keyLength = b.getShort(1) & 0xFFFF;
        final int valueLength = b.getShort(3) & 0xFFFF;
        return op >= 1 && op <= 6 && op == frameKind && (op == 1 || op == 4 || valueLength == 0) &&
            (op != 6 || keyLength == 0) && 13 + keyLength + valueLength == bytes.length;
    }

    static boolean eventOracle(final int frameKind, final byte[] bytes) {
        final int fixed = frameKind == 1 ? 12 : frameKind == 2 ? 16 : -1;
        if (fixed < 0 || bytes.length < fixed) {
            return false;
        }
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int topicLength = b.getShort(0) & 0xFFFF;
        final int payloadLength = b.getShort(2) & 0xFFFF;
        final int headersLength = frameKind == 2 ? b.getShort(12) & 0xFFFF : 0;
        if (topicLength < 1 || topicLength > 255 || fixed + headersLength + topicLength + payloadLength != bytes.length ||
            utf8(bytes, fixed + headersLength, topicLength) == null) {
            return false;
        }
        if (frameKind == 1) {
            return true;
        }
        final java.util.Set<Integer> seen = new java.util.HashSet<>();
        int at = 16;
        final int end = 16 + headersLength;
        while (at < end) {
            if (end - at < 2) {
                return false;
            }
            final int type = bytes[at] & 0xFF;
            final int length = bytes[at + 1] & 0xFF;
            final int value = at + 2;
            if (type == 0 || value + length > end) {
                return false;
            }
            if (type <= 6) {
                if (!seen.add(type)) {
                    return false;
                }
                if (type == 1 && (length - 16 < 1 || length - 16 > 64 || utf8(bytes, value + 16, length - 16) == null)) {
                    return false;
                }
                if ((type == 2 || type == 6) && length != 16) {
                    return false;
                }
                if (type >= 3 && type <= 5) {
                    if (length < 1) {
                        return false;
                    }
                    for (int i = value; i < value + length; i++) {
                        if (bytes[i] < 0x20 || bytes[i] > 0x7E) {
                            return false;
                        }
                    }
                }
            }
            at = value + length;
        }
        return (bytes[14] & 1) == 0 || (seen.contains(1) && seen.contains(2));
    }

    /** Topic length (one byte), topic and payload of a well formed event, as the end-to-end test collects them. */
    private static byte[] topicAndPayload(final int frameKind, final byte[] bytes) {
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int topicLength = b.getShort(0) & 0xFFFF;
        final int payloadLength = b.getShort(2) & 0xFFFF;
        final int topicOffset = frameKind == 1 ? 12 : 16 + (b.getShort(12) & 0xFFFF);
        final byte[] both = new byte[2 + topicLength + payloadLength];
        both[0] = (byte)topicLength;
        System.arraycopy(bytes, topicOffset, both, 2, topicLength + payloadLength);
        return both;
    }

    static ContestFrame contestOracle(final byte[] bytes) {
        if (bytes.length < 24) {
            return null;
        }
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int op = b.get(0) & 0xFF;
        final int labelLength = b.getShort(2) & 0xFFFF;
        final int ownerLength = b.getShort(4) & 0xFFFF;
        if (op < 1 || op > 4 || labelLength < 1 || labelLength > 200 || ownerLength > 64 ||
            24 + labelLength + ownerLength != bytes.length) {
            return null;
        }
        final String label = utf8(bytes, 24, labelLength);
        final String owner = utf8(bytes, 24 + labelLength, ownerLength);
        if (label == null || owner == null) {
            return null;
        }
        return new ContestFrame(op, new dev.orbit.contest.Subject(b.get(1) & 0xFF, label), b.getShort(6) & 0xFFFF, owner,
            b.getLong(8), b.getLong(16));
    }

    private static String utf8(final byte[] bytes, final int offset, final int length) {
        try {
            final CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        }
        catch (final CharacterCodingException ex) {
            return null;
        }
    }

    static Ring ringOfKind(final Fleet fleet, final int kind) {
        return fleet.rings().stream().filter(r -> r.kind() == kind).findFirst()
            .orElseThrow(() -> new AssertionError("no ring of kind " + kind + " in " + fleet.rings()));
    }
}
