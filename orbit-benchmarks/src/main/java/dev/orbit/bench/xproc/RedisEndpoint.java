package dev.orbit.bench.xproc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;

import dev.orbit.bench.support.RedisServer;

/**
 * The comparison for {@link OrbitCacheEndpoint}: the same ping-pong through a local redis-server, SET of a
 * 64-byte value on one side, GET polled on the other (synchronous Lettuce, loopback).
 */
final class RedisEndpoint implements Endpoint {

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisCommands<byte[], byte[]> redis;
    private final byte[] outKey;
    private final byte[] inKey;
    private final byte[] value = new byte[Frames.PAYLOAD];
    private final ByteBuffer valueView = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);

    RedisEndpoint(final int port, final String outKey, final String inKey) {
        this.client = RedisClient.create(RedisURI.create(RedisServer.HOST, port));
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
        this.redis = connection.sync();
        this.outKey = ("bench:" + outKey).getBytes(StandardCharsets.US_ASCII);
        this.inKey = ("bench:" + inKey).getBytes(StandardCharsets.US_ASCII);
    }

    /** Removes both keys before a run. */
    void clear() {
        redis.del(outKey, inKey);
    }

    @Override
    public void send(final long seq) {
        valueView.putLong(0, seq);
        redis.set(outKey, value);
    }

    @Override
    public long poll() {
        final byte[] got = redis.get(inKey);
        return got == null || got.length < Long.BYTES ? NONE : ByteBuffer.wrap(got).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
