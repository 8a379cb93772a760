package dev.orbit.internal.event;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

import dev.orbit.event.EventFrameDescriptor;
import dev.orbit.event.EventHeaders;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.ring.Ring;
import dev.orbit.ring.StartPosition;

/**
 * An {@link OrbitEventBus} over one ring: each event is one frame (see {@link EventFrameDescriptor}) with
 * the topic in the payload, so every subscriber sees every topic in ring order and filters by comparing
 * topic bytes.
 * <p>
 * Publishing encodes into the calling thread's reusable frame buffer and remembers the UTF-8 bytes of the
 * last topic it encoded, so publishing to the same topic again allocates nothing.
 */
final class RingEventBus implements OrbitEventBus {

    private final Ring ring;
    private final EpochClock clock;
    private final NanoClock nanoClock;
    private final int payloadCapacity;
    private final ThreadLocal<ByteBuffer> frames;
    private volatile Topic lastTopic;

    RingEventBus(final Ring ring, final EpochClock clock, final NanoClock nanoClock) {
        this.ring = Objects.requireNonNull(ring, "ring");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.payloadCapacity = ring.payloadCapacity();
        if (payloadCapacity < EventFrameDescriptor.HEADER_LENGTH + 1) {
            throw new IllegalArgumentException("ring payload capacity too small for an event frame: payloadCapacity=" +
                payloadCapacity + ", headerLength=" + EventFrameDescriptor.HEADER_LENGTH + ", kind=" + ring.kind());
        }
        this.frames = ThreadLocal.withInitial(() -> ByteBuffer.allocate(payloadCapacity));
    }

    @Override
    public long publish(final String topic, final byte[] payload) {
        return publish(topic, EventHeaders.NONE, payload);
    }

    @Override
    public long publish(final String topic, final EventHeaders headers, final byte[] payload) {
        Objects.requireNonNull(headers, "headers");
        final byte[] topicBytes = topic(topic).bytes();
        final int headersLength = EventFrameDescriptor.headersLength(headers, null);
        checkPayload(topic, headersLength, topicBytes.length, payload.length);
        final long timestampMs = clock.time();
        final ByteBuffer frame = frames.get();
        final int length = encode(frame, headers, topicBytes, payload, timestampMs);
        return ring.publish(EventFrameDescriptor.FRAME_KIND, timestampMs, frame, 0, length);
    }

    @Override
    public long[] publishBatch(final String topic, final List<byte[]> payloads) {
        final byte[] topicBytes = topic(topic).bytes();
        final int count = payloads.size();
        for (int i = 0; i < count; i++) {
            checkPayload(topic, 0, topicBytes.length, payloads.get(i).length);
        }
        final long timestampMs = clock.time();
        final List<byte[]> encoded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final byte[] payload = payloads.get(i);
            final byte[] frame = new byte[EventFrameDescriptor.frameLength(0, topicBytes.length, payload.length)];
            encode(ByteBuffer.wrap(frame), EventHeaders.NONE, topicBytes, payload, timestampMs);
            encoded.add(frame);
        }
        return ring.publishBatch(EventFrameDescriptor.FRAME_KIND, timestampMs, encoded);
    }

    @Override
    public Subscription subscribe(final StartPosition start) {
        return new RingSubscription(ring.cursor(Objects.requireNonNull(start, "start")), ring.capacity(), nanoClock);
    }

    @Override
    public int maxPayloadLength(final String topic) {
        return maxPayloadLength(0, topic(topic).bytes().length);
    }

    /**
     * @return the ring under the bus.
     */
    Ring ring() {
        return ring;
    }

    private int maxPayloadLength(final int headersLength, final int topicLength) {
        return Math.min(
            EventFrameDescriptor.MAX_PAYLOAD_LENGTH,
            payloadCapacity - EventFrameDescriptor.HEADER_LENGTH - headersLength - topicLength);
    }

    private void checkPayload(final String topic, final int headersLength, final int topicLength, final int payloadLength) {
        final int max = maxPayloadLength(headersLength, topicLength);
        if (payloadLength > max) {
            throw new IllegalArgumentException("event payload too large: payloadLength=" + payloadLength +
                ", maxPayloadLength=" + max + ", topicLength=" + topicLength + ", headersLength=" + headersLength +
                ", payloadCapacity=" + payloadCapacity + ", headerLength=" + EventFrameDescriptor.HEADER_LENGTH +
                ", topic=" + topic);
        }
    }

    private static int encode(
        final ByteBuffer frame, final EventHeaders headers, final byte[] topic, final byte[] payload, final long timestampMs) {
        final int headersLength =
            EventFrameDescriptor.writeHeader(frame, 0, topic.length, payload.length, timestampMs, headers, null);
        final int topicOffset = EventFrameDescriptor.HEADER_LENGTH + headersLength;
        frame.put(topicOffset, topic);
        frame.put(topicOffset + topic.length, payload);
        return EventFrameDescriptor.frameLength(headersLength, topic.length, payload.length);
    }

    private Topic topic(final String topic) {
        final Topic last = lastTopic;
        if (last != null && last.name().equals(topic)) {
            return last;
        }
        final Topic encoded = Topic.of(topic);
        lastTopic = encoded;
        return encoded;
    }

    @Override
    public String toString() {
        return "RingEventBus(kind=" + ring.kind() + ", " + ring.spec() + ")";
    }

    /**
     * A validated topic and its UTF-8 bytes.
     *
     * @param name  the topic.
     * @param bytes its UTF-8 encoding, 1..{@link OrbitEventBus#MAX_TOPIC_LENGTH} bytes.
     */
    record Topic(String name, byte[] bytes) {

        /**
         * @param name a topic.
         * @return the validated topic.
         * @throws IllegalArgumentException naming the topic when it is null, not valid Unicode, empty or
         *                                  longer than {@link OrbitEventBus#MAX_TOPIC_LENGTH} UTF-8 bytes.
         */
        static Topic of(final String name) {
            if (name == null) {
                throw new IllegalArgumentException("topic must not be null");
            }
            final ByteBuffer encoded;
            try {
                encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(name));
            }
            catch (final CharacterCodingException ex) {
                throw new IllegalArgumentException("topic is not valid Unicode (unpaired surrogate): topic='" + name + "'", ex);
            }
            final int length = encoded.remaining();
            if (length < 1 || length > MAX_TOPIC_LENGTH) {
                throw new IllegalArgumentException("topic must be 1.." + MAX_TOPIC_LENGTH + " UTF-8 bytes: length=" +
                    length + ", topic='" + name + "'");
            }
            final byte[] bytes = new byte[length];
            encoded.get(bytes);
            return new Topic(name, bytes);
        }
    }
}
