package dev.orbit.bench.cache;

import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.orbit.bench.support.RedisServer;

/**
 * The out-of-process comparison for the OrbitCache get rows: a synchronous Lettuce GET against a local
 * redis-server on loopback (started by the suite; its port is the {@code redisPort} parameter), over the
 * same keys and values.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RedisGetBenchmark {

    /** Port of the local redis-server. */
    @Param("6379")
    public int redisPort;

    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;
    private RedisCommands<byte[], byte[]> redis;
    private byte[][] hits;
    private byte[][] misses;
    private int next;

    @Setup
    public void setUp() {
        client = RedisClient.create(RedisURI.create(RedisServer.HOST, redisPort));
        connection = client.connect(ByteArrayCodec.INSTANCE);
        redis = connection.sync();
        hits = new byte[CacheKeys.WORKING_SET][];
        misses = new byte[CacheKeys.WORKING_SET][];
        for (int i = 0; i < CacheKeys.WORKING_SET; i++) {
            hits[i] = CacheKeys.bytes("bench:" + CacheKeys.hitKey(i));
            misses[i] = CacheKeys.bytes("bench:" + CacheKeys.missKey(i));
            redis.set(hits[i], CacheKeys.value(i));
            redis.del(misses[i]);
        }
    }

    @TearDown
    public void tearDown() {
        connection.close();
        client.shutdown();
    }

    @Benchmark
    public byte[] getHit() {
        final byte[] value = redis.get(hits[next++ & (CacheKeys.WORKING_SET - 1)]);
        if (value == null) {
            throw new IllegalStateException("expected a hit");
        }
        return value;
    }

    @Benchmark
    public byte[] getMiss() {
        return redis.get(misses[next++ & (CacheKeys.WORKING_SET - 1)]);
    }
}
