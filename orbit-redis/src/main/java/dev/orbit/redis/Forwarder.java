package dev.orbit.redis;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import io.lettuce.core.ScriptOutputType;

import dev.orbit.event.EventFrameDescriptor;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Loss;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;
import dev.orbit.ring.WakeUpIdleStrategy;

/**
 * Carries local-origin events from this host's event ring into the fleet's stream, in ring order, one batch per
 * script call on a connection of its own, with up to {@value #MAX_IN_FLIGHT} batches in flight (Redis runs them in
 * the order sent). The script also moves this host's forwarded position, compared with the position the previous
 * batch stored: so a batch is never added twice (a call that timed out here but ran in Redis is recognised by its
 * own position), and a forwarder that finds another bridge's position stops.
 * <p>
 * When a batch fails (Redis unreachable, a timeout, or a position it did not expect), the forwarder waits for the
 * batches still in flight, waits for Redis, reads the stored position, drops the batches it shows were applied and
 * sends the rest again. Events brought in from other hosts ({@link EventFrameDescriptor#FLAG_REMOTE}) are skipped.
 * Local events the ring overwrote, or whose writer died, before they were read are counted as lost. While Redis
 * does not answer, events queue in the ring.
 * <p>
 * By default an idle forwarder sleeps on the ring's eventcount, so a local commit wakes it in microseconds and an
 * idle bridge costs no CPU; while batches await their replies it parks briefly instead (replies are not commits).
 */
final class Forwarder implements FrameHandler {

    /** Most batches sent and not yet answered. */
    static final int MAX_IN_FLIGHT = 4;

    /** Longest sleep while idle by default: how late an event whose nudge was lost is carried. */
    static final long WAKE_UP_TIMEOUT_MS = 100;

    /** Longest park by default while batches await their replies. */
    static final long REPLY_PARK_NS = 100_000;

    private final RedisBridge bridge;
    private final Ring ring;
    private final RingCursor cursor;
    private final long token;
    private final long duplicateHorizonMs;
    private final int batchSize;
    private final IdleStrategy idle;
    private final WakeUpIdleStrategy wakeUp;
    private final byte[] maxLength;
    private final byte[][] keys;
    private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
    private final List<byte[]> args = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long position;
    volatile String conflict;
    private String lastSent;
    private int batched;
    private long batchedDuplicates;
    private RedisLink.Connection connection;
    private Thread thread;

    /**
     * One script call: its arguments, the position it stores, and Redis's answer once it arrives.
     */
    private static final class Batch {

        final byte[][] values;
        final long next;
        final String stored;
        final int count;
        final long duplicates;
        Future<List<Object>> reply;
        long sentNs;

        Batch(final byte[][] values, final long next, final String stored, final int count, final long duplicates) {
            this.values = values;
            this.next = next;
            this.stored = stored;
            this.count = count;
            this.duplicates = duplicates;
        }
    }

    Forwarder(
        final RedisBridge bridge,
        final Ring ring,
        final RingCursor cursor,
        final String expected,
        final long token,
        final long duplicateHorizonMs) {
        this.bridge = bridge;
        this.ring = ring;
        this.cursor = cursor;
        this.lastSent = expected;
        this.token = token;
        this.duplicateHorizonMs = duplicateHorizonMs;
        this.batchSize = bridge.config.batchSize;
        final IdleStrategy given = bridge.config.idleStrategy;
        this.idle = given != null ? given : new BackoffIdleStrategy(100, 10, 1_000, REPLY_PARK_NS);
        this.wakeUp = given != null ? null :
            new WakeUpIdleStrategy(cursor, Duration.ofMillis(WAKE_UP_TIMEOUT_MS), WakeUpIdleStrategy.DEFAULT_SPINS);
        this.maxLength = ActiveBridge.bytes(Long.toString(bridge.config.eventsMaxLength));
        this.keys = new byte[][] {bridge.keys.events(), bridge.keys.eventsEpoch(), bridge.keys.eventsNumber(bridge.hostId),
            bridge.keys.forwarded(bridge.hostId)};
        this.position = cursor.position();
    }

    void start() {
        thread = new Thread(this::run, "orbit-bridge-forwarder-" + bridge.fleet.name());
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        if (thread != null) {
            if (wakeUp != null) {
                wakeUp.wakeUp();
            }
            LockSupport.unpark(thread);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5) + 2 * bridge.link.timeout().toMillis());
            }
            catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        dropConnection();
    }

    /**
     * @return the next local counter to carry: everything before it was carried or counted lost.
     */
    long position() {
        return position;
    }

    private void run() {
        try {
            while (running && conflict == null) {
                boolean progressed = collectReplies();
                if (conflict != null) {
                    break;
                }
                if (inFlight.size() < MAX_IN_FLIGHT) {
                    progressed |= sendNext();
                }
                bridge.counters.forwardLag = Math.max(0, ring.head() - position);
                if (progressed) {
                    idle.reset();
                    if (wakeUp != null) {
                        wakeUp.reset();
                    }
                }
                else if (wakeUp != null && inFlight.isEmpty()) {
                    wakeUp.idle(); // nothing to send and nothing awaited: sleep until the ring has a commit
                }
                else {
                    idle.idle(0);
                }
            }
        }
        catch (final RuntimeException ex) {
            bridge.noteError("forwarder: " + ex);
            conflict = "forwarder failed: " + ex;
        }
    }

    /**
     * Takes the answered batches at the front, in order.
     *
     * @return true when one was answered.
     */
    private boolean collectReplies() {
        boolean progressed = false;
        while (!inFlight.isEmpty()) {
            final Batch head = inFlight.peekFirst();
            if (!head.reply.isDone()) {
                if (System.nanoTime() - head.sentNs > 2 * bridge.link.timeout().toNanos()) {
                    head.reply.cancel(true);
                }
                else {
                    return progressed;
                }
            }
            if (applied(head)) {
                inFlight.pollFirst();
                acknowledge(head);
                progressed = true;
            }
            else {
                resync();
                return true;
            }
        }
        return progressed;
    }

    /**
     * @return true when Redis took the batch now, or an earlier attempt of it went through.
     */
    private static boolean applied(final Batch batch) {
        final List<Object> reply;
        try {
            reply = batch.reply.get();
        }
        catch (final Exception ex) {
            return false;
        }
        return RedisLink.asLong(reply.get(0)) == 1 || batch.stored.equals(RedisLink.asText(reply.get(1)));
    }

    private void acknowledge(final Batch batch) {
        position = batch.next;
        bridge.counters.forwarded.add(batch.count);
        bridge.counters.duplicates.add(batch.duplicates);
    }

    /**
     * Reads the next batch of local events from the ring and sends it.
     *
     * @return true when the ring had anything.
     */
    private boolean sendNext() {
        newBatch();
        final int polled = cursor.poll(this, batchSize);
        final Loss loss = cursor.lossSinceLastCall();
        if (loss.total() > 0) {
            bridge.counters.outboundLost.add(loss.total());
        }
        if (batched == 0) {
            if (polled > 0 && inFlight.isEmpty()) {
                position = cursor.position();
            }
            return polled > 0;
        }
        final long next = cursor.position();
        final String stored = ActiveBridge.Position.format(bridge.hostEpoch, next, token);
        args.set(1, ActiveBridge.bytes(lastSent));
        args.set(2, ActiveBridge.bytes(stored));
        args.set(4, ActiveBridge.bytes(Integer.toString(batched)));
        final Batch batch = new Batch(args.toArray(new byte[0][]), next, stored, batched, batchedDuplicates);
        lastSent = stored;
        inFlight.addLast(batch);
        send(batch);
        return true;
    }

    private void send(final Batch batch) {
        batch.sentNs = System.nanoTime();
        try {
            if (connection == null) {
                connection = bridge.link.connect(bridge.link.timeout());
                connection.sync().scriptLoad(Script.FORWARD.text());
            }
            batch.reply = connection.async().evalsha(Script.FORWARD.digest(), ScriptOutputType.MULTI, keys, batch.values);
        }
        catch (final RedisLink.Unavailable | RuntimeException ex) {
            batch.reply = CompletableFuture.failedFuture(ex);
        }
    }

    /**
     * After a failed batch: wait for the rest in flight, wait for Redis, read where this host's position stands,
     * drop what was applied and send the rest again from there; or stop if another bridge's position is stored.
     */
    private void resync() {
        for (final Batch batch : inFlight) {
            try {
                batch.reply.get(2 * bridge.link.timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (final Exception ignored) {
                // failed or timed out: resolved below from the stored position
            }
        }
        dropConnection();
        while (running) {
            waitForRedis();
            if (!running) {
                return;
            }
            final String stored;
            try {
                connection = bridge.link.connect(bridge.link.timeout());
                // Redis may have restarted: EVALSHA of a script it no longer knows would fail every time.
                connection.sync().scriptLoad(Script.FORWARD.text());
                stored = ActiveBridge.text(connection.sync().get(bridge.keys.forwarded(bridge.hostId)));
            }
            catch (final RedisLink.Unavailable ex) {
                bridge.link.noteFailure(ex);
                dropConnection();
                continue;
            }
            catch (final RuntimeException ex) {
                bridge.link.noteFailure(bridge.link.failed("read forwarded position", ex));
                dropConnection();
                continue;
            }
            if (!resumeFrom(stored)) {
                return;
            }
            for (final Batch batch : inFlight) {
                send(batch);
            }
            return;
        }
    }

    /**
     * Drops the batches the stored position shows applied and points the first one left at it.
     *
     * @return false when the stored position is none of this forwarder's: another bridge forwarded for this host.
     */
    private boolean resumeFrom(final String stored) {
        final Batch first = inFlight.peekFirst();
        if (first == null) {
            lastSent = stored == null ? "" : stored;
            return true;
        }
        if (stored == null) {
            // Redis lost its data: the script accepts any expected position.
            return true;
        }
        final String expectedFirst = ActiveBridge.text(first.values[1]);
        if (!stored.equals(expectedFirst)) {
            if (inFlight.stream().noneMatch(b -> b.stored.equals(stored))) {
                conflict = stored;
                return false;
            }
            Batch batch;
            do {
                batch = inFlight.pollFirst();
                acknowledge(batch);
            }
            while (!batch.stored.equals(stored));
        }
        if (!inFlight.isEmpty()) {
            inFlight.peekFirst().values[1] = ActiveBridge.bytes(stored);
        }
        return true;
    }

    private void newBatch() {
        args.clear();
        batched = 0;
        batchedDuplicates = 0;
        args.add(maxLength);
        args.add(null);
        args.add(null);
        args.add(bridge.hostIdBytes);
        args.add(null);
    }

    @Override
    public void onFrame(
        final long id, final int frameKind, final long version, final ByteBuffer buffer, final int offset, final int length) {
        if (!EventFrameDescriptor.isWellFormed(frameKind, buffer, offset, length) ||
            EventFrameDescriptor.isRemote(frameKind, buffer, offset)) {
            return;
        }
        final int topicOffset = EventFrameDescriptor.topicOffset(frameKind, buffer, offset);
        final int topicLength = EventFrameDescriptor.topicLength(buffer, offset);
        if (!bridge.config.topics.matches(buffer, topicOffset, topicLength)) {
            return;
        }
        final int headersLength = EventFrameDescriptor.headersLength(frameKind, buffer, offset);
        final long timestamp = EventFrameDescriptor.timestampMs(buffer, offset);
        args.add(StreamEntryDescriptor.encode(id, timestamp, bridge.hostEpoch, buffer, topicOffset, topicLength,
            offset + EventFrameDescriptor.HEADERS_OFFSET, headersLength, topicOffset + topicLength,
            EventFrameDescriptor.payloadLength(buffer, offset)));
        batched++;
        if (timestamp <= duplicateHorizonMs) {
            batchedDuplicates++;
        }
    }

    private void waitForRedis() {
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(20));
        while (running && !bridge.link.available()) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private void dropConnection() {
        if (connection != null) {
            RedisLink.closeQuietly(connection);
            connection = null;
        }
    }

    @Override
    public String toString() {
        return "Forwarder(position=" + position + ", inFlight=" + inFlight.size() + ", conflict=" + conflict + ")";
    }
}
