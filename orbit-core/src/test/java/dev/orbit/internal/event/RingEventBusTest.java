package dev.orbit.internal.event;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.Test;

import dev.orbit.event.Event;
import dev.orbit.event.EventFrameDescriptor;
import dev.orbit.event.EventHandler;
import dev.orbit.event.EventHeaderFlyweight;
import dev.orbit.event.EventHeaders;
import dev.orbit.event.EventPoll;
import dev.orbit.event.HeadersAwareEventHandler;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.event.Subscription;
import dev.orbit.internal.ring.OwnerLiveness;
import dev.orbit.internal.ring.Rings;
import dev.orbit.ring.Kinds;
import dev.orbit.ring.Loss;
import dev.orbit.ring.NetId64;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingSpec;
import dev.orbit.ring.SlotDescriptor;
import dev.orbit.ring.StartPosition;
import dev.orbit.testsupport.ManualClock;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingEventBusTest {

    private static final int PAYLOAD = 128;
    private static final long START_MS = 1_700_000_000_000L;

    private final ManualClock clock = new ManualClock(0);

    {
        clock.update(START_MS);
    }

    @Test
    void shouldDeliverTopicPayloadTimestampAndPublisherWhenPolled() {
        final Ring ring = ring(64, 7);
        final OrbitEventBus bus = EventBuses.over(ring, clock);
        final Subscription subscription = bus.subscribe(StartPosition.EARLIEST);

        final long id = bus.publish("orders", bytes("order-1"));
        clock.update(START_MS + 5);
        bus.publish("payments", bytes("pay-1"));

        final EventPoll poll = subscription.poll(10);
        assertThat(poll.events()).containsExactly(
            new Event(id, "orders", bytes("order-1"), START_MS),
            new Event(NetId64.pack(Kinds.EVENTS, 7, 1), "payments", bytes("pay-1"), START_MS + 5));
        assertThat(poll.events().get(0).publisherNode()).isEqualTo(7);
        assertThat(poll.loss()).isEqualTo(Loss.NONE);
        assertThat(poll.lag()).isZero();
        assertThat(NetId64.kind(id)).isEqualTo(Kinds.EVENTS);
        assertThat(subscription.received()).isEqualTo(2);
    }

    @Test
    void shouldCarryHeadersToEveryReaderWhenPublishedWithHeaders() {
        final Ring ring = ring(64, 2);
        final OrbitEventBus bus = EventBuses.over(ring, clock);
        final Subscription records = bus.subscribe(StartPosition.LATEST);
        final Subscription handler = bus.subscribe(StartPosition.LATEST);
        final EventHeaders headers = EventHeaders.builder()
            .traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .tracestate("vendor=1")
            .contentType("application/json")
            .build();

        bus.publish("orders", headers, bytes("{\"id\":1}"));
        bus.publish("orders", bytes("plain"));

        final List<Event> events = records.poll(10).events();
        assertThat(events).extracting(Event::headers).containsExactly(headers, EventHeaders.NONE);
        assertThat(events.get(0).headers().traceparent()).contains("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(events.get(0).headers().contentType()).contains("application/json");
        assertThat(events.get(0).isRemote()).isFalse();
        assertThat(new String(events.get(0).payload(), UTF_8)).isEqualTo("{\"id\":1}");
        final List<String> seen = new ArrayList<>();
        handler.poll((id, ts, buffer, topicOffset, topicLength, payloadOffset, payloadLength) -> {
            final byte[] payload = new byte[payloadLength];
            buffer.get(payloadOffset, payload);
            final byte[] topic = new byte[topicLength];
            buffer.get(topicOffset, topic);
            seen.add(new String(topic, UTF_8) + ":" + new String(payload, UTF_8));
        }, 10);
        assertThat(seen).containsExactly("orders:{\"id\":1}", "orders:plain");
        assertThat(bus.maxPayloadLength("orders")).isEqualTo(PAYLOAD - 16 - 6);
        assertThatThrownBy(() -> bus.publish("orders", headers, new byte[PAYLOAD - 16 - 6]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("headersLength=");
    }

    @Test
    void shouldShowHeadersToHeadersAwareHandlerWhileItHandlesEachEvent() {
        final Ring ring = ring(64, 2);
        final OrbitEventBus bus = EventBuses.over(ring, clock);
        final Subscription subscription = bus.subscribe(StartPosition.LATEST);
        final String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        bus.publish("orders", EventHeaders.builder().traceparent(traceparent).tracestate("vendor=1").build(),
            bytes("traced"));
        bus.publish("orders", bytes("plain"));
        bus.publish("orders", EventHeaders.builder().contentType("text/plain").build(), bytes("typed"));

        final List<String> seen = new ArrayList<>();
        final List<EventHeaderFlyweight> views = new ArrayList<>();
        final HeadersAwareEventHandler handler =
            (id, ts, buffer, topicOffset, topicLength, payloadOffset, payloadLength, headers) -> {
                final byte[] payload = new byte[payloadLength];
                buffer.get(payloadOffset, payload);
                seen.add(new String(payload, UTF_8) + ":" + headers.traceparent() + ":" + headers.tracestate() + ":" +
                    headers.contentType() + ":" + headers.isRemote() + ":" + headers.toHeaders());
                views.add(headers);
            };

        assertThat(subscription.poll(handler, 10)).isEqualTo(3);
        assertThat(seen).containsExactly(
            "traced:" + traceparent + ":vendor=1:null:false:" +
                EventHeaders.builder().traceparent(traceparent).tracestate("vendor=1").build(),
            "plain:null:null:null:false:" + EventHeaders.NONE,
            "typed:null:null:text/plain:false:" + EventHeaders.builder().contentType("text/plain").build());
        assertThat(views).as("one flyweight, reused").allMatch(view -> view == views.get(0));
        assertThat(views.get(0).buffer()).as("released after the poll").isNull();
        assertThat(views.get(0).traceparent()).isNull();
    }

    @Test
    void shouldNotAllocateWhenHeadersAwareHandlerReadsNoText() {
        final Ring ring = ring(64, 2);
        final OrbitEventBus bus = EventBuses.over(ring, clock);
        final Subscription subscription = bus.subscribe(StartPosition.LATEST);
        final EventHeaders headers = EventHeaders.builder()
            .traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").build();
        final long[] found = new long[1];
        final HeadersAwareEventHandler handler =
            (id, ts, buffer, topicOffset, topicLength, payloadOffset, payloadLength, view) -> {
                if (view.findEntry(EventFrameDescriptor.TRACEPARENT) >= 0) {
                    found[0]++;
                }
            };
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        for (int warm = 0; warm < 2_000; warm++) {
            bus.publish("orders", headers, bytes("x"));
            subscription.poll(handler, 10);
        }
        found[0] = 0;
        final byte[] payload = bytes("x");
        int delivered = 0;
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5 && allocated != 0; round++) {
            for (int i = 0; i < 32; i++) {
                bus.publish("orders", headers, payload);
            }
            final long before = threads.getThreadAllocatedBytes(thread);
            delivered += subscription.poll(handler, 64);
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertThat(delivered).isGreaterThan(0);
        assertThat(found[0]).isEqualTo(delivered);
        assertThat(allocated).isZero();
    }

    @Test
    void shouldStillDeliverFramesOfTheFirstLayoutWhenReadersMeetThem() {
        final Ring ring = ring(64, 4);
        final OrbitEventBus bus = EventBuses.over(ring, clock);
        final Subscription subscription = bus.subscribe(StartPosition.LATEST);
        final byte[] topic = bytes("legacy");
        final byte[] payload = bytes("v1 frame");
        final ByteBuffer v1 = ByteBuffer.allocate(EventFrameDescriptor.V1_HEADER_LENGTH + topic.length + payload.length);
        EventFrameDescriptor.writeV1Header(v1, 0, topic.length, payload.length, START_MS - 1);
        v1.put(EventFrameDescriptor.V1_HEADER_LENGTH, topic).put(EventFrameDescriptor.V1_HEADER_LENGTH + topic.length, payload);

        final long id = ring.publish(EventFrameDescriptor.FRAME_KIND_V1, START_MS - 1, v1.array());
        bus.publish("legacy", bytes("v2 frame"));

        final EventPoll poll = subscription.poll(10);
        assertThat(poll.events()).containsExactly(
            new Event(id, "legacy", payload, START_MS - 1),
            new Event(NetId64.pack(Kinds.EVENTS, 4, 1), "legacy", bytes("v2 frame"), START_MS));
        assertThat(poll.loss()).isEqualTo(Loss.NONE);
    }

    @Test
    void shouldHandEventFieldsInPlaceWhenPollingWithHandler() {
        final OrbitEventBus bus = EventBuses.over(ring(64, 3), clock);
        final Subscription subscription = bus.subscribe(StartPosition.LATEST);
        final long id = bus.publish("t", bytes("payload"));

        final List<String> seen = new ArrayList<>();
        final int delivered = subscription.poll(
            (eventId, timestampMs, buffer, topicOffset, topicLength, payloadOffset, payloadLength) -> {
                final byte[] topic = new byte[topicLength];
                buffer.get(topicOffset, topic);
                final byte[] payload = new byte[payloadLength];
                buffer.get(payloadOffset, payload);
                seen.add(NetId64.toString(eventId) + "|" + timestampMs + "|" + new String(topic, UTF_8) + "|" +
                    new String(payload, UTF_8));
            }, 10);

        assertThat(delivered).isEqualTo(1);
        assertThat(seen).containsExactly(NetId64.toString(id) + "|" + START_MS + "|t|payload");
    }

    @Test
    void shouldKeepPerPublisherOrderWhenPublishersRunConcurrently() throws InterruptedException {
        final RingSpec spec = RingSpec.of(4096, PAYLOAD);
        final ByteBuffer memory = ringMemory(spec);
        final Subscription subscription = EventBuses.over(process(memory, 9), clock).subscribe(StartPosition.LATEST);
        final int perPublisher = 1500;
        final List<Thread> publishers = new ArrayList<>();
        for (int node = 1; node <= 2; node++) {
            final OrbitEventBus bus = EventBuses.over(process(memory, node), clock);
            publishers.add(new Thread(() -> {
                for (int i = 0; i < perPublisher; i++) {
                    assertThat(bus.publish("seq", ByteBuffer.allocate(4).putInt(0, i).array())).isNotZero();
                }
            }));
        }
        publishers.forEach(Thread::start);
        for (final Thread publisher : publishers) {
            publisher.join();
        }

        final Map<Integer, Integer> next = new HashMap<>();
        final EventPoll poll = subscription.poll(10_000);
        for (final Event event : poll.events()) {
            final int expected = next.getOrDefault(event.publisherNode(), 0);
            assertThat(ByteBuffer.wrap(event.payload()).getInt()).isEqualTo(expected);
            next.put(event.publisherNode(), expected + 1);
        }
        assertThat(next).containsEntry(1, perPublisher).containsEntry(2, perPublisher);
        assertThat(poll.loss()).isEqualTo(Loss.NONE);
    }

    @Test
    void shouldDeliverOnlyTopicAndAdvancePastOthersWhenPollingTopic() {
        final OrbitEventBus bus = EventBuses.over(ring(64, 1), clock);
        final Subscription subscription = bus.subscribe(StartPosition.LATEST);
        bus.publish("b", bytes("b1"));
        bus.publish("a", bytes("a1"));
        bus.publish("b", bytes("b2"));
        bus.publish("ab", bytes("ab1"));
        bus.publish("a", bytes("a2"));
        bus.publish("b", bytes("b3"));

        final EventPoll first = subscription.poll("a", 1);
        assertThat(payloads(first)).containsExactly("a1");
        assertThat(first.lag()).isEqualTo(4);

        final EventPoll rest = subscription.poll("a", 10);
        assertThat(payloads(rest)).containsExactly("a2");
        assertThat(rest.events()).allSatisfy(e -> assertThat(e.topic()).isEqualTo("a"));
        assertThat(rest.lag()).isZero();
        assertThat(subscription.poll(10).events()).as("other topics were passed, not kept").isEmpty();
        assertThat(subscription.received()).isEqualTo(2);
    }

    @Test
    void shouldStartAtHeadWhenLatestAndAtOldestRetainedWhenEarliest() {
        final OrbitEventBus bus = EventBuses.over(ring(4, 1), clock);
        for (int i = 0; i < 6; i++) {
            bus.publish("t", bytes("e" + i));
        }
        final Subscription latest = bus.subscribe(StartPosition.LATEST);
        final Subscription earliest = bus.subscribe(StartPosition.EARLIEST);
        bus.publish("t", bytes("e6"));

        assertThat(payloads(latest.poll(10))).containsExactly("e6");
        final EventPoll poll = earliest.poll(10);
        assertThat(payloads(poll)).as("e2 was lapped by e6 after subscribing").containsExactly("e3", "e4", "e5", "e6");
        assertThat(poll.loss()).isEqualTo(new Loss(1, 0));
    }

    @Test
    void shouldReportExactOverwrittenCountWhenSubscriberFallsBehindCapacity() {
        final OrbitEventBus bus = EventBuses.over(ring(16, 1), clock);
        final Subscription slow = bus.subscribe(StartPosition.EARLIEST);
        for (int i = 0; i < 50; i++) {
            bus.publish("t", bytes("e" + i));
        }
        assertThat(slow.lag()).isEqualTo(50);

        final EventPoll poll = slow.poll(100);
        assertThat(poll.events()).hasSize(16);
        assertThat(payloads(poll).get(0)).isEqualTo("e34");
        assertThat(poll.loss()).isEqualTo(new Loss(34, 0));
        assertThat(slow.received()).isEqualTo(16);
        assertThat(slow.loss()).isEqualTo(new Loss(34, 0));
        assertThat(slow.received() + slow.loss().total()).isEqualTo(50);

        for (int i = 0; i < 5; i++) {
            bus.publish("t", bytes("late" + i));
        }
        final EventPoll next = slow.poll(100);
        assertThat(next.events()).hasSize(5);
        assertThat(next.loss()).isEqualTo(Loss.NONE);
        assertThat(slow.received() + slow.loss().total()).isEqualTo(55);
    }

    @Test
    void shouldCountMalformedFramesAsUnavailableAndSkipThem() {
        final Ring ring = ring(64, 1);
        final OrbitEventBus bus = EventBuses.over(ring, clock);
        final Subscription records = bus.subscribe(StartPosition.LATEST);
        final Subscription handler = bus.subscribe(StartPosition.LATEST);

        bus.publish("t", bytes("good1"));
        ring.publish(0, 0, new byte[0]);
        ring.publish(EventFrameDescriptor.FRAME_KIND, 0, new byte[] {1, 2, 3});
        ring.publish(EventFrameDescriptor.FRAME_KIND, 0, frame("", "empty topic"));
        ring.publish(3, 0, frame("t", "other frame kind"));
        final byte[] lying = frame("t", "lengths lie");
        ring.publish(EventFrameDescriptor.FRAME_KIND, 0, lying, 0, lying.length - 1);
        final byte[] badUtf8 = frame("tt", "x");
        badUtf8[EventFrameDescriptor.HEADER_LENGTH] = (byte)0xFF;
        ring.publish(EventFrameDescriptor.FRAME_KIND, 0, badUtf8);
        bus.publish("t", bytes("good2"));

        final EventPoll poll = records.poll(100);
        assertThat(payloads(poll)).containsExactly("good1", "good2");
        assertThat(poll.loss()).isEqualTo(new Loss(0, 6));
        assertThat(records.received() + records.loss().total()).isEqualTo(8);
        assertThat(records.poll(100).loss()).isEqualTo(Loss.NONE);

        assertThat(handler.poll((id, ts, buffer, to, tl, po, pl) -> { }, 100)).isEqualTo(2);
        assertThat(handler.loss()).isEqualTo(new Loss(0, 6));
    }

    @Test
    void shouldPublishBatchAtConsecutiveIdsWithOneTimestamp() {
        final OrbitEventBus bus = EventBuses.over(ring(64, 2), clock);
        final Subscription subscription = bus.subscribe(StartPosition.LATEST);
        bus.publish("before", bytes("x"));

        final long[] ids = bus.publishBatch("batch", List.of(bytes("one"), bytes("two"), bytes("three")));

        assertThat(ids).hasSize(3);
        for (int i = 1; i < ids.length; i++) {
            assertThat(NetId64.counter(ids[i])).isEqualTo(NetId64.counter(ids[0]) + i);
        }
        final EventPoll poll = subscription.poll("batch", 10);
        assertThat(payloads(poll)).containsExactly("one", "two", "three");
        assertThat(poll.events()).extracting(Event::id).containsExactly(ids[0], ids[1], ids[2]);
        assertThat(poll.events()).extracting(Event::timestampMs).containsOnly(START_MS);
        assertThat(bus.publishBatch("batch", List.of())).isEmpty();
    }

    @Test
    void shouldReturnZeroWithoutSpinningForeverWhenAwaitTimesOut() {
        final AtomicLong nanos = new AtomicLong();
        final RingEventBus bus = new RingEventBus(ring(64, 1), clock, () -> nanos.addAndGet(1_000_000));
        final Subscription subscription = bus.subscribe(StartPosition.LATEST);
        final CountingIdle idle = new CountingIdle();

        assertThat(subscription.await((id, ts, b, to, tl, po, pl) -> { }, 10, idle, Duration.ofMillis(5))).isZero();
        assertThat(idle.idles).isBetween(1, 5);
        assertThat(idle.resets).isEqualTo(1);

        bus.publish("t", bytes("ready"));
        final int[] payloadLength = new int[1];
        assertThat(subscription.await((id, ts, b, to, tl, po, pl) -> payloadLength[0] = pl, 10, idle,
            Duration.ofMillis(5))).isEqualTo(1);
        assertThat(payloadLength[0]).isEqualTo(5);
    }

    @Test
    void shouldReturnZeroWhenAwaitTimesOutOnSystemClock() {
        final Subscription subscription = EventBuses.over(ring(64, 1), clock).subscribe(StartPosition.LATEST);
        assertThat(subscription.await(
            (id, ts, b, to, tl, po, pl) -> { }, 10, new SleepingMillisIdleStrategy(1), Duration.ofMillis(20))).isZero();
        assertThat(subscription.await(
            (id, ts, b, to, tl, po, pl) -> { }, 10, new SleepingMillisIdleStrategy(1), Duration.ZERO)).isZero();
    }

    @Test
    void shouldRejectInvalidTopicsNamingThem() {
        final OrbitEventBus bus = EventBuses.over(ring(64, 1), clock);
        final Subscription subscription = bus.subscribe(StartPosition.LATEST);

        assertThatThrownBy(() -> bus.publish("", bytes("x")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("length=0")
            .hasMessageContaining("topic=''");
        assertThatThrownBy(() -> bus.publish("x".repeat(256), bytes("x")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("length=256")
            .hasMessageContaining("1..255");
        assertThatThrownBy(() -> bus.publish("é".repeat(128), bytes("x")))
            .as("128 characters but 256 UTF-8 bytes")
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("length=256");
        assertThatThrownBy(() -> bus.publish("bad\uD800", bytes("x")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("topic='bad");
        assertThatThrownBy(() -> bus.publish(null, bytes("x")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("null");
        assertThatThrownBy(() -> subscription.poll("", 1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("length=0");

        final String longest = "é".repeat(127) + "x";
        assertThat(bus.maxPayloadLength(longest)).isEqualTo(PAYLOAD - 16 - 255);
        final Ring big = Rings.allocate(Kinds.EVENTS, RingSpec.of(4, 512), 1, clock, 1000);
        final OrbitEventBus bigBus = EventBuses.over(big, clock);
        final Subscription bigSubscription = bigBus.subscribe(StartPosition.LATEST);
        bigBus.publish(longest, bytes("fits"));
        assertThat(bigSubscription.poll(longest, 1).events()).extracting(Event::topic).containsExactly(longest);
    }

    @Test
    void shouldNameLengthsAndLimitWhenPayloadIsTooLarge() {
        final Ring ring = ring(64, 1);
        final OrbitEventBus bus = EventBuses.over(ring, clock);
        assertThat(bus.maxPayloadLength("t")).isEqualTo(PAYLOAD - 16 - 1);

        assertThatThrownBy(() -> bus.publish("t", new byte[PAYLOAD - 16]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("payloadLength=112")
            .hasMessageContaining("maxPayloadLength=111")
            .hasMessageContaining("topicLength=1")
            .hasMessageContaining("payloadCapacity=128")
            .hasMessageContaining("topic=t");
        assertThatThrownBy(() -> bus.publishBatch("t", List.of(new byte[1], new byte[112])))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("payloadLength=112");
        assertThat(ring.head()).as("a rejected batch publishes nothing").isZero();
        assertThat(bus.publish("t", new byte[111])).isNotZero();
    }

    @Test
    void shouldCapPayloadAtSixteenBitsWhenSlotsAreLarger() {
        final OrbitEventBus bus = EventBuses.over(
            Rings.allocate(Kinds.EVENTS, RingSpec.of(2, 1 << 17), 1, clock, 1000), clock);
        assertThat(bus.maxPayloadLength("t")).isEqualTo(65_535);
        assertThatThrownBy(() -> bus.publish("t", new byte[65_536]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxPayloadLength=65535");
    }

    @Test
    void shouldThrowWhenPollingClosedSubscription() {
        final Subscription subscription = EventBuses.over(ring(64, 1), clock).subscribe(StartPosition.LATEST);
        subscription.close();
        subscription.close();
        assertThatThrownBy(() -> subscription.poll(1))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
        assertThat(subscription.loss()).isEqualTo(Loss.NONE);
    }

    @Test
    void shouldRejectRingTooSmallForEventHeader() {
        final Ring ring = Rings.allocate(Kinds.EVENTS, RingSpec.of(2, 12), 1, clock, 1000);
        assertThatThrownBy(() -> EventBuses.over(ring, clock))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("payloadCapacity=12");
    }

    @Test
    void shouldNotAllocateWhenPublishingAndPollingWithHandler() {
        final OrbitEventBus bus = EventBuses.over(ring(1024, 1), clock);
        final Subscription subscription = bus.subscribe(StartPosition.LATEST);
        final byte[] payload = new byte[64];
        final long[] sink = new long[1];
        final EventHandler handler = (id, ts, buffer, to, tl, po, pl) -> sink[0] += pl;

        for (int i = 0; i < 20_000; i++) {
            publishAndPoll(bus, subscription, payload, handler);
        }
        final long before = allocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            publishAndPoll(bus, subscription, payload, handler);
        }
        final long allocated = allocatedBytes() - before;

        assertThat(sink[0]).isEqualTo(30_000L * 4 * 64);
        assertThat(allocated).as("bytes allocated by 40,000 publishes and 20,000 polls").isLessThan(10_000);
    }

    private static void publishAndPoll(
        final OrbitEventBus bus, final Subscription subscription, final byte[] payload, final EventHandler handler) {
        bus.publish("prices", payload);
        bus.publish("prices", payload);
        subscription.poll(handler, 10);
        bus.publish("prices", payload);
        bus.publish("prices", payload);
        subscription.poll(handler, 10);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private Ring ring(final int capacity, final int node) {
        return Rings.allocate(Kinds.EVENTS, RingSpec.of(capacity, PAYLOAD), node, clock, Rings.DEFAULT_PENDING_TIMEOUT_MS);
    }

    private static ByteBuffer ringMemory(final RingSpec spec) {
        final ByteBuffer memory = ByteBuffer.allocateDirect((int)spec.length() + SlotDescriptor.ALIGNMENT)
            .alignedSlice(SlotDescriptor.ALIGNMENT)
            .order(ByteOrder.LITTLE_ENDIAN);
        Rings.initialise(memory, Kinds.EVENTS, spec);
        return memory;
    }

    private Ring process(final ByteBuffer memory, final int node) {
        return Rings.over(memory, node, OwnerLiveness.neverGone(), clock, Rings.DEFAULT_PENDING_TIMEOUT_MS, true);
    }

    private static byte[] frame(final String topic, final String payload) {
        final byte[] t = bytes(topic);
        final byte[] p = bytes(payload);
        final ByteBuffer frame = ByteBuffer.allocate(EventFrameDescriptor.frameLength(0, t.length, p.length));
        EventFrameDescriptor.writeHeader(frame, 0, t.length, p.length, START_MS, EventHeaders.NONE, null);
        frame.put(EventFrameDescriptor.HEADER_LENGTH, t);
        frame.put(EventFrameDescriptor.HEADER_LENGTH + t.length, p);
        return frame.array();
    }

    private static List<String> payloads(final EventPoll poll) {
        final List<String> payloads = new ArrayList<>();
        poll.events().forEach(e -> payloads.add(new String(e.payload(), UTF_8)));
        return payloads;
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(UTF_8);
    }

    private static final class CountingIdle implements IdleStrategy {
        int idles;
        int resets;

        @Override
        public void idle(final int workCount) {
            if (workCount <= 0) {
                idles++;
            }
        }

        @Override
        public void idle() {
            idles++;
        }

        @Override
        public void reset() {
            resets++;
        }
    }
}
