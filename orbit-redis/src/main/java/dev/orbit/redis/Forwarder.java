package dev.orbit.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;

import dev.orbit.event.EventFrameDescriptor;
import dev.orbit.ring.FrameHandler;
import dev.orbit.ring.Loss;
import dev.orbit.ring.Ring;
import dev.orbit.ring.RingCursor;

/**
 * Carries local-origin events from this host's event ring into the fleet's stream, in ring order, one batch per
 * script call on a connection of its own. The script also moves this host's forwarded position, compared with the
 * position this forwarder last stored: so a batch is never added twice (a call that timed out but ran anyway is
 * recognised by its own position), and a forwarder that finds another bridge's position stops.
 * <p>
 * Events brought in from other hosts ({@link EventFrameDescriptor#FLAG_REMOTE}) are skipped. Local events the
 * ring overwrote, or whose writer died, before they were read are counted as lost. While Redis does not answer,
 * the batch waits and events queue in the ring.
 */
final class Forwarder implements FrameHandler {

    private final RedisBridge bridge;
    private final Ring ring;
    private final RingCursor cursor;
    private final long token;
    private final long duplicateHorizonMs;
    private final int batchSize;
    private final IdleStrategy idle;
    private final List<byte[]> args = new ArrayList<>();
    private final byte[] maxLength;
    private final byte[] epochHex;
    private volatile boolean running = true;
    private volatile long position;
    volatile String conflict;
    private String expected;
    private int batched;
    private long batchedDuplicates;
    private StatefulRedisConnection<byte[], byte[]> connection;
    private Thread thread;

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
        this.expected = expected;
        this.token = token;
        this.duplicateHorizonMs = duplicateHorizonMs;
        this.batchSize = bridge.config.batchSize;
        this.idle = bridge.config.idleStrategy;
        this.maxLength = ActiveBridge.bytes(Long.toString(bridge.config.eventsMaxLength));
        this.epochHex = ActiveBridge.bytes(bridge.hostEpochHex);
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
            LockSupport.unpark(thread);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5) + bridge.link.timeout().toMillis());
            }
            catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (connection != null) {
            RedisLink.closeQuietly(connection);
        }
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
                newBatch();
                final int polled = cursor.poll(this, batchSize);
                final Loss loss = cursor.lossSinceLastCall();
                if (loss.total() > 0) {
                    bridge.counters.outboundLost.add(loss.total());
                }
                bridge.counters.forwardLag = Math.max(0, ring.head() - cursor.position());
                if (batched == 0) {
                    if (polled == 0) {
                        idle.idle(0);
                    }
                    else {
                        idle.reset();
                    }
                    continue;
                }
                idle.reset();
                send();
            }
        }
        catch (final RuntimeException ex) {
            bridge.noteError("forwarder: " + ex);
            conflict = "forwarder failed: " + ex;
        }
    }

    private void newBatch() {
        args.clear();
        batched = 0;
        batchedDuplicates = 0;
        args.add(maxLength);
        args.add(null);
        args.add(null);
        args.add(bridge.hostIdBytes);
        args.add(epochHex);
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
        final int headersLength = EventFrameDescriptor.headersLength(frameKind, buffer, offset);
        final int payloadLength = EventFrameDescriptor.payloadLength(buffer, offset);
        final long timestamp = EventFrameDescriptor.timestampMs(buffer, offset);
        args.add(ActiveBridge.bytes(Long.toString(id)));
        args.add(ActiveBridge.bytes(Long.toString(timestamp)));
        args.add(copy(buffer, topicOffset, topicLength));
        args.add(copy(buffer, offset + EventFrameDescriptor.HEADERS_OFFSET, headersLength));
        args.add(copy(buffer, topicOffset + topicLength, payloadLength));
        batched++;
        if (timestamp <= duplicateHorizonMs) {
            batchedDuplicates++;
        }
    }

    private static byte[] copy(final ByteBuffer buffer, final int offset, final int length) {
        final byte[] bytes = new byte[length];
        buffer.get(offset, bytes, 0, length);
        return bytes;
    }

    /**
     * Sends the batch until Redis takes it, another bridge's position shows up, or the forwarder stops.
     */
    private void send() {
        final long next = cursor.position();
        final String stored = ActiveBridge.Position.format(bridge.hostEpoch, next, token);
        args.set(1, ActiveBridge.bytes(expected));
        args.set(2, ActiveBridge.bytes(stored));
        args.set(5, ActiveBridge.bytes(Integer.toString(batched)));
        final byte[][] keys = {bridge.keys.events(), bridge.keys.eventsEpoch(), bridge.keys.eventsNumber(),
            bridge.keys.forwarded(bridge.hostId)};
        final byte[][] values = args.toArray(new byte[0][]);
        while (running) {
            final List<Object> reply;
            try {
                if (connection == null) {
                    connection = bridge.link.connect(bridge.link.timeout());
                }
                reply = RedisLink.asList(runScript(keys, values));
            }
            catch (final RedisLink.Unavailable ex) {
                bridge.link.noteFailure(ex);
                if (connection != null) {
                    RedisLink.closeQuietly(connection);
                    connection = null;
                }
                waitForRedis();
                continue;
            }
            if (RedisLink.asLong(reply.get(0)) == 1 || stored.equals(RedisLink.asText(reply.get(1)))) {
                // Taken now, or by an earlier attempt of this same batch that timed out here but ran in Redis.
                expected = stored;
                position = next;
                bridge.counters.forwarded.add(batched);
                bridge.counters.duplicates.add(batchedDuplicates);
                return;
            }
            conflict = RedisLink.asText(reply.get(1));
            return;
        }
    }

    private Object runScript(final byte[][] keys, final byte[][] values) throws RedisLink.Unavailable {
        try {
            return RedisLink.run(connection.sync(), Script.FORWARD, ScriptOutputType.MULTI, keys, values);
        }
        catch (final RuntimeException ex) {
            throw bridge.link.failed("forward events", ex);
        }
    }

    private void waitForRedis() {
        while (running && !bridge.link.available()) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(20));
        }
        if (running) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Override
    public String toString() {
        return "Forwarder(position=" + position + ", expected=" + expected + ", conflict=" + conflict + ")";
    }

    static String text(final byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
