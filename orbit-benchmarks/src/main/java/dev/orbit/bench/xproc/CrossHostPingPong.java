package dev.orbit.bench.xproc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import dev.orbit.bench.hosts.Bridges;
import dev.orbit.bench.support.Args;
import dev.orbit.bench.support.RedisServer;
import dev.orbit.bench.support.ResultFile;
import dev.orbit.event.EventHandler;
import dev.orbit.event.Subscription;
import dev.orbit.fleet.Fleet;
import dev.orbit.internal.memory.BufferAccess;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.redis.RedisBridge;
import dev.orbit.ring.StartPosition;
import dev.orbit.testsupport.ChildJvm;

/**
 * One-way latency between two hosts (RTT/2 of a ping-pong of 64-byte messages), each host a JVM with its own
 * fleet directory, through the local redis-server:
 * <ul>
 *   <li>{@code orbit-bridge}: an event published on host A's ring, carried by A's bridge into the fleet's stream,
 *   brought into host B's ring by B's bridge and polled there; and back. Bridges with their default settings.</li>
 *   <li>{@code redis-streams}: the raw path the bridge uses, by hand: Lettuce {@code XADD} on one side,
 *   {@code XREAD BLOCK} on the other.</li>
 *   <li>{@code redis-pubsub}: Lettuce {@code PUBLISH} and a pub/sub listener.</li>
 * </ul>
 * Both sides wait for a reply by polling and yielding the CPU between polls (a 2-core machine also runs the
 * bridges' threads), the same loop for every transport.
 * <p>
 * {@code java -cp benchmarks.jar dev.orbit.bench.xproc.CrossHostPingPong transport=orbit-bridge warmup=2000
 * count=20000 redisPort=N out=results/x [idle=default|spin]}
 */
public final class CrossHostPingPong {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final long REPLY_TIMEOUT_NS = Duration.ofSeconds(30).toNanos();

    private CrossHostPingPong() {
    }

    /**
     * @param args {@code key=value}: role (ping|pong), transport, warmup, count, redisPort, out, tag.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception {
        final Args a = new Args(args);
        if (a.get("role", "ping").equals("pong")) {
            pong(a);
        }
        else {
            System.out.println(run(a.get("transport"), a.getInt("warmup", 2000), a.getInt("count", 20_000),
                Path.of(a.get("out", ".")), a.getInt("redisPort", 6379), a.get("idle", "default")));
        }
    }

    /**
     * Runs the ping side and writes {@code crosshost-<transport>.properties/.hlog/.hgrm} under {@code out}.
     *
     * @param transport orbit-bridge, redis-streams or redis-pubsub.
     * @param warmup    round trips before measuring.
     * @param count     measured round trips.
     * @param out       result directory.
     * @param redisPort port of the local redis-server.
     * @param idle      the bridges' forwarder idle strategy: {@code default} (backoff) or {@code spin}.
     * @return the figures written.
     */
    public static Map<String, Object> run(
        final String transport, final int warmup, final int count, final Path out, final int redisPort, final String idle) {
        final String tag = "bench-xh-" + ProcessHandle.current().pid();
        final Histogram histogram = Histograms.nanos();
        try (Endpoint ping = open(transport, tag, redisPort, true, idle);
             ChildJvm child = ChildJvm.of(CrossHostPingPong.class).jvmOptions(List.of("-Xmx256m"))
                 .args(List.of("role=pong", "transport=" + transport, "tag=" + tag, "redisPort=" + redisPort, "idle=" + idle))
                 .start()) {
            child.awaitLine("READY", READY_TIMEOUT);
            long seq = 1;
            for (int i = 0; i < warmup; i++, seq++) {
                roundTrip(ping, seq);
            }
            for (int i = 0; i < count; i++, seq++) {
                final long start = System.nanoTime();
                roundTrip(ping, seq);
                histogram.recordValue((System.nanoTime() - start) >> 1);
            }
            ping.send(Endpoint.STOP);
            child.awaitExit(Duration.ofSeconds(30));
        }
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("transport", transport);
        result.put("forwarder.idle", idle);
        result.put("warmup", warmup);
        result.put("payload.bytes", Frames.PAYLOAD);
        result.putAll(Histograms.summary(histogram, "oneway."));
        final String name = "crosshost-" + transport + (idle.equals("default") ? "" : "-" + idle);
        Histograms.save(histogram, out.resolve(name));
        ResultFile.write(out.resolve(name + ".properties"), result);
        return result;
    }

    private static void roundTrip(final Endpoint ping, final long seq) {
        ping.send(seq);
        final long start = System.nanoTime();
        while (ping.poll() != seq) {
            if (System.nanoTime() - start > REPLY_TIMEOUT_NS) {
                throw new IllegalStateException("no reply within 30 s: seq=" + seq + ", " + ping);
            }
            Thread.yield();
        }
    }

    private static void pong(final Args a) {
        ChildJvm.exitWithParent();
        try (Endpoint pong = open(a.get("transport"), a.get("tag"), a.getInt("redisPort", 6379), false,
            a.get("idle", "default"))) {
            System.out.println("READY");
            System.out.flush();
            long last = Endpoint.NONE;
            while (true) {
                final long seq = pong.poll();
                if (seq == Endpoint.NONE || seq == last) {
                    Thread.yield();
                    continue;
                }
                last = seq;
                if (seq == Endpoint.STOP) {
                    return;
                }
                pong.send(seq);
            }
        }
    }

    private static Endpoint open(
        final String transport, final String tag, final int redisPort, final boolean ping, final String idle) {
        final String out = ping ? "ping" : "pong";
        final String in = ping ? "pong" : "ping";
        switch (transport) {
            case "orbit-bridge":
                return new BridgeEndpoint(tag, ping ? "host-ping" : "host-pong", redisPort, out, in,
                    idleStrategy(idle));
            case "redis-streams":
                return new StreamEndpoint(redisPort, tag + ":" + out, tag + ":" + in);
            case "redis-pubsub":
                return new PubSubEndpoint(redisPort, tag + ":" + out, tag + ":" + in);
            default:
                throw new IllegalArgumentException("unknown transport: transport=" + transport +
                    ", expected orbit-bridge, redis-streams or redis-pubsub");
        }
    }

    private static org.agrona.concurrent.IdleStrategy idleStrategy(final String idle) {
        switch (idle) {
            case "spin":
                return new org.agrona.concurrent.BusySpinIdleStrategy();
            case "backoff-20us":
                return new org.agrona.concurrent.BackoffIdleStrategy(100, 10, 1_000, 20_000);
            default:
                return null;
        }
    }

    private static long seqOf(final byte[] payload) {
        return payload == null || payload.length < Long.BYTES ? Endpoint.NONE :
            ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    private static byte[] payloadOf(final long seq) {
        final byte[] payload = new byte[Frames.PAYLOAD];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putLong(0, seq);
        return payload;
    }

    /**
     * A host of the fleet {@code tag}: its own directory under the shared-memory directory, its own bridge.
     */
    private static final class BridgeEndpoint implements Endpoint, EventHandler {

        private final Path directory;
        private final Fleet fleet;
        private final RedisBridge bridge;
        private final Subscription subscription;
        private final String outTopic;
        private final byte[] inTopic;
        private long newest = NONE;

        BridgeEndpoint(final String tag, final String hostId, final int redisPort, final String outTopic, final String inTopic,
            final org.agrona.concurrent.IdleStrategy idle) {
            try {
                this.directory = Files.createTempDirectory(SegmentNames.defaultDirectory(), tag + "-" + hostId + "-");
            }
            catch (final IOException ex) {
                throw new UncheckedIOException(ex);
            }
            this.fleet = Fleet.builder().name(tag).directory(directory).joinShm();
            this.bridge = Bridges.start(fleet, hostId, redisPort, idle);
            this.subscription = fleet.events().subscribe(StartPosition.LATEST);
            this.outTopic = outTopic;
            this.inTopic = inTopic.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void send(final long seq) {
            fleet.events().publish(outTopic, payloadOf(seq));
        }

        @Override
        public long poll() {
            subscription.poll(this, 64);
            return newest;
        }

        @Override
        public void onEvent(final long id, final long timestampMs, final ByteBuffer buffer, final int topicOffset,
            final int topicLength, final int payloadOffset, final int payloadLength) {
            if (topicLength != inTopic.length || payloadLength < Long.BYTES) {
                return;
            }
            for (int i = 0; i < topicLength; i++) {
                if (buffer.get(topicOffset + i) != inTopic[i]) {
                    return;
                }
            }
            newest = BufferAccess.getLong(buffer, payloadOffset);
        }

        @Override
        public String toString() {
            return "BridgeEndpoint(newest=" + newest + ", " + bridge.stats() + ", subscription=" + subscription + ")";
        }

        @Override
        public void close() {
            bridge.close();
            fleet.close();
            Fleet.unlink(directory, fleet.name(), true);
            try {
                Files.deleteIfExists(directory);
            }
            catch (final IOException ignored) {
                // lock files left: removed with the directory's next listing
            }
        }
    }

    /**
     * Raw Redis Streams: XADD on one side, XREAD BLOCK on the other.
     */
    private static final class StreamEndpoint implements Endpoint {

        private final RedisClient client;
        private final StatefulRedisConnection<byte[], byte[]> writer;
        private final StatefulRedisConnection<byte[], byte[]> reader;
        private final byte[] out;
        private final byte[] in;
        private String lastId;
        private final XAddArgs trim = XAddArgs.Builder.maxlen(10_000).approximateTrimming();

        StreamEndpoint(final int port, final String out, final String in) {
            this.client = RedisClient.create(RedisURI.create(RedisServer.HOST, port));
            this.writer = client.connect(ByteArrayCodec.INSTANCE);
            this.reader = client.connect(ByteArrayCodec.INSTANCE);
            this.out = out.getBytes(StandardCharsets.UTF_8);
            this.in = in.getBytes(StandardCharsets.UTF_8);
            final List<StreamMessage<byte[], byte[]>> tail = writer.sync().xrevrange(this.in,
                io.lettuce.core.Range.unbounded(), io.lettuce.core.Limit.from(1));
            this.lastId = tail.isEmpty() ? "0-0" : tail.get(0).getId();
        }

        @Override
        public void send(final long seq) {
            writer.sync().xadd(out, trim, Map.of("p".getBytes(StandardCharsets.UTF_8), payloadOf(seq)));
        }

        @Override
        public long poll() {
            final RedisCommands<byte[], byte[]> commands = reader.sync();
            final List<StreamMessage<byte[], byte[]>> messages = commands.xread(
                XReadArgs.Builder.block(100).count(64), XReadArgs.StreamOffset.from(in, lastId));
            long newest = NONE;
            for (final StreamMessage<byte[], byte[]> message : messages) {
                lastId = message.getId();
                for (final byte[] value : message.getBody().values()) {
                    newest = seqOf(value);
                }
            }
            return newest;
        }

        @Override
        public void close() {
            writer.close();
            reader.close();
            client.shutdown();
        }
    }

    /**
     * Redis pub/sub: PUBLISH on one side, a subscriber's listener on the other.
     */
    private static final class PubSubEndpoint implements Endpoint {

        private final RedisClient client;
        private final StatefulRedisConnection<byte[], byte[]> publisher;
        private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
        private final byte[] out;
        private volatile long newest = NONE;

        PubSubEndpoint(final int port, final String out, final String in) {
            this.client = RedisClient.create(RedisURI.create(RedisServer.HOST, port));
            this.publisher = client.connect(ByteArrayCodec.INSTANCE);
            this.subscriber = client.connectPubSub(ByteArrayCodec.INSTANCE);
            this.out = out.getBytes(StandardCharsets.UTF_8);
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(final byte[] channel, final byte[] message) {
                    newest = seqOf(message);
                }
            });
            subscriber.sync().subscribe(in.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void send(final long seq) {
            publisher.sync().publish(out, payloadOf(seq));
        }

        @Override
        public long poll() {
            return newest;
        }

        @Override
        public void close() {
            subscriber.close();
            publisher.close();
            client.shutdown();
        }
    }
}
