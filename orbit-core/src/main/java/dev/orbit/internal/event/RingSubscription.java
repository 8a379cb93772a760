package dev.orbit.internal.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

import dev.orbit.event.Event;
import dev.orbit.event.EventFrameDescriptor;
import dev.orbit.event.EventHandler;
import dev.orbit.event.EventHeaderFlyweight;
import dev.orbit.event.EventHeaders;
import dev.orbit.event.EventPoll;
import dev.orbit.event.HeadersAwareEventHandler;
import dev.orbit.event.Subscription;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Loss;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.WakeUpIdleStrategy;

/**
 * A {@link Subscription} over the event ring through its own {@link RingCursor}.
 * <p>
 * <b>Loss is not an error condition.</b> A subscriber that falls more than the ring's capacity behind
 * finds the oldest events overwritten; a position whose writer died or stalled past the pending timeout,
 * and a frame that is not a well formed event, are unavailable. Both are counted exactly:
 * {@code received + loss.overwritten + loss.unavailable} equals the positions passed (events filtered out
 * by {@link #poll(String, int)} aside), and each {@link EventPoll} carries the loss since the previous
 * one.
 * <p>
 * Events are decoded in place on the cursor's private copy of each frame; the allocation-free
 * {@link #poll(EventHandler, int)} allocates nothing; a {@link HeadersAwareEventHandler} also gets a flyweight
 * over the frame's headers, reused for every event, and handlers that are not pay nothing for it. A handler that throws propagates the exception; its
 * event is delivered again by the next poll.
 * <p>
 * A poll delivers at most {@code limit} events and looks at no more than the ring's capacity of frames
 * plus {@code limit}, so a flood of other topics or malformed frames cannot keep one call running.
 * {@link #await} measures its timeout on a monotonic clock and returns 0 early, leaving the flag set, when
 * the thread is interrupted.
 */
final class RingSubscription implements Subscription {

    /** Longer timeouts are cut to this, so the deadline never overflows. */
    private static final Duration LONGEST_AWAIT = Duration.ofDays(365);

    private final RingCursor cursor;
    private final int scanBudget;
    private final NanoClock nanoClock;
    private final Dispatcher dispatcher = new Dispatcher();
    private final Collector collector = new Collector();
    private RingEventBus.Topic filterTopic;
    private long received;
    private long malformed;
    private long reportedMalformed;
    private boolean closed;

    RingSubscription(final RingCursor cursor, final int scanBudget, final NanoClock nanoClock) {
        this.cursor = cursor;
        this.scanBudget = scanBudget;
        this.nanoClock = nanoClock;
    }

    @Override
    public int poll(final EventHandler handler, final int limit) {
        checkOpen();
        return drain(Objects.requireNonNull(handler, "handler"), null, limit);
    }

    @Override
    public EventPoll poll(final int limit) {
        checkOpen();
        return collect(null, null, limit);
    }

    @Override
    public EventPoll poll(final String topic, final int limit) {
        checkOpen();
        RingEventBus.Topic filter = filterTopic;
        if (filter == null || !filter.name().equals(topic)) {
            filter = RingEventBus.Topic.of(topic);
            filterTopic = filter;
        }
        return collect(filter.name(), filter.bytes(), limit);
    }

    @Override
    public int await(final EventHandler handler, final int limit, final Duration timeout) {
        checkOpen();
        Objects.requireNonNull(handler, "handler");
        if (limit <= 0) {
            return 0;
        }
        final long deadline = nanoClock.nanoTime() + timeoutNanos(timeout);
        while (true) {
            final int delivered = drain(handler, null, limit);
            if (delivered > 0) {
                return delivered;
            }
            final long remaining = deadline - nanoClock.nanoTime();
            if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
                return 0;
            }
            cursor.awaitFrames(remaining);
        }
    }

    @Override
    public WakeUpIdleStrategy wakeUpIdleStrategy(final Duration safetyTimeout) {
        return new WakeUpIdleStrategy(cursor, safetyTimeout, WakeUpIdleStrategy.DEFAULT_SPINS);
    }

    private static long timeoutNanos(final Duration timeout) {
        return timeout.isNegative() ? 0 :
            timeout.compareTo(LONGEST_AWAIT) > 0 ? LONGEST_AWAIT.toNanos() : timeout.toNanos();
    }

    @Override
    public int await(final EventHandler handler, final int limit, final IdleStrategy idle, final Duration timeout) {
        checkOpen();
        Objects.requireNonNull(handler, "handler");
        if (limit <= 0) {
            return 0;
        }
        final long deadline = nanoClock.nanoTime() + timeoutNanos(timeout);
        idle.reset();
        while (true) {
            final int delivered = drain(handler, null, limit);
            if (delivered > 0) {
                return delivered;
            }
            if (nanoClock.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                return 0;
            }
            idle.idle(delivered);
        }
    }

    @Override
    public Loss loss() {
        final Loss loss = cursor.loss();
        return new Loss(loss.overwritten(), loss.unavailable() + malformed);
    }

    @Override
    public long received() {
        return received;
    }

    @Override
    public long lag() {
        return cursor.lag();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "Subscription(position=" + cursor.position() + ", received=" + received + ", loss=" + loss() +
            ", closed=" + closed + ")";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("subscription is closed");
        }
    }

    private EventPoll collect(final String topic, final byte[] topicBytes, final int limit) {
        final List<Event> events = new ArrayList<>();
        collector.events = events;
        collector.fixedTopic = topic;
        try {
            drain(collector, topicBytes, limit);
        }
        finally {
            collector.events = null;
        }
        final Loss cursorLoss = cursor.lossSinceLastCall();
        final long malformedSinceLast = malformed - reportedMalformed;
        reportedMalformed = malformed;
        return new EventPoll(
            events, new Loss(cursorLoss.overwritten(), cursorLoss.unavailable() + malformedSinceLast), cursor.lag());
    }

    private int drain(final EventHandler handler, final byte[] topic, final int limit) {
        if (limit <= 0) {
            return 0;
        }
        final Dispatcher dispatcher = this.dispatcher;
        dispatcher.handler = handler;
        dispatcher.headersHandler = handler instanceof HeadersAwareEventHandler aware ? aware : null;
        dispatcher.topic = topic;
        dispatcher.delivered = 0;
        try {
            long scanned = 0;
            while (dispatcher.delivered < limit && scanned <= scanBudget) {
                final int frames = cursor.poll(dispatcher, limit - dispatcher.delivered);
                if (frames == 0) {
                    break;
                }
                scanned += frames;
            }
            return dispatcher.delivered;
        }
        finally {
            dispatcher.handler = null;
            dispatcher.headersHandler = null;
            dispatcher.headers.clear();
            dispatcher.topic = null;
        }
    }

    private static boolean topicEquals(
        final ByteBuffer buffer, final int offset, final int length, final byte[] topic) {
        if (length != topic.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.get(offset + i) != topic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes each frame the cursor delivers, drops malformed frames and other topics, and hands events on.
     */
    private final class Dispatcher implements FrameHandler {

        final EventHeaderFlyweight headers = new EventHeaderFlyweight();
        EventHandler handler;
        HeadersAwareEventHandler headersHandler;
        byte[] topic;
        int delivered;
        int frameKind;
        int frameOffset;

        @Override
        public void onFrame(
            final long id, final int frameKind, final long version, final ByteBuffer buffer, final int offset,
            final int length) {
            if (!EventFrameDescriptor.isWellFormed(frameKind, buffer, offset, length)) {
                malformed++;
                return;
            }
            final int topicOffset = EventFrameDescriptor.topicOffset(frameKind, buffer, offset);
            final int topicLength = EventFrameDescriptor.topicLength(buffer, offset);
            if (topic != null && !topicEquals(buffer, topicOffset, topicLength, topic)) {
                return;
            }
            this.frameKind = frameKind;
            this.frameOffset = offset;
            final HeadersAwareEventHandler headersHandler = this.headersHandler;
            if (headersHandler == null) {
                handler.onEvent(
                    id,
                    EventFrameDescriptor.timestampMs(buffer, offset),
                    buffer,
                    topicOffset,
                    topicLength,
                    topicOffset + topicLength,
                    EventFrameDescriptor.payloadLength(buffer, offset));
            }
            else {
                headersHandler.onEvent(
                    id,
                    EventFrameDescriptor.timestampMs(buffer, offset),
                    buffer,
                    topicOffset,
                    topicLength,
                    topicOffset + topicLength,
                    EventFrameDescriptor.payloadLength(buffer, offset),
                    headers.wrap(frameKind, buffer, offset));
            }
            delivered++;
            received++;
        }
    }

    /**
     * Copies events into records. Decodes a topic string only when its bytes differ from the previous one.
     */
    private final class Collector implements EventHandler {

        List<Event> events;
        String fixedTopic;
        private byte[] lastTopicBytes = new byte[0];
        private String lastTopic = "";

        @Override
        public void onEvent(
            final long id,
            final long timestampMs,
            final ByteBuffer buffer,
            final int topicOffset,
            final int topicLength,
            final int payloadOffset,
            final int payloadLength) {
            final String topic = fixedTopic != null ? fixedTopic : topic(buffer, topicOffset, topicLength);
            final byte[] payload = new byte[payloadLength];
            buffer.get(payloadOffset, payload, 0, payloadLength);
            final EventHeaders headers =
                EventFrameDescriptor.decodeHeaders(dispatcher.frameKind, buffer, dispatcher.frameOffset);
            events.add(new Event(id, topic, payload, timestampMs, headers));
        }

        private String topic(final ByteBuffer buffer, final int offset, final int length) {
            if (!topicEquals(buffer, offset, length, lastTopicBytes)) {
                final byte[] bytes = new byte[length];
                buffer.get(offset, bytes, 0, length);
                lastTopicBytes = bytes;
                lastTopic = new String(bytes, StandardCharsets.UTF_8);
            }
            return lastTopic;
        }
    }
}
