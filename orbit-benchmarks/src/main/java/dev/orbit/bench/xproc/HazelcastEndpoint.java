package dev.orbit.bench.xproc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.orbit.bench.support.Hazelcasts;

/**
 * The Hazelcast comparison for {@link OrbitCacheEndpoint}: each JVM is an embedded member of one two-member
 * cluster on loopback; a side {@code set}s its key (a 64-byte value, no near cache) and the other side
 * {@code get}s that key until it sees the new value. Whichever member owns a key's partition, one of the two
 * sides crosses loopback TCP for each operation.
 */
final class HazelcastEndpoint implements Endpoint {

    private final HazelcastInstance member;
    private final IMap<String, byte[]> map;
    private final String outKey;
    private final String inKey;
    private final byte[] value = new byte[Frames.PAYLOAD];
    private final ByteBuffer valueView = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);

    private HazelcastEndpoint(final HazelcastInstance member, final String outKey, final String inKey) {
        this.member = member;
        this.map = member.getMap(Hazelcasts.MAP);
        this.outKey = outKey;
        this.inKey = inKey;
    }

    /**
     * @param cluster the run's cluster name.
     * @param ports   both members' ports; the parent takes the first, the child the second.
     * @param parent  the ping side (starts first, alone) or the pong side (joins and waits for both).
     * @return the endpoint.
     */
    static HazelcastEndpoint open(final String cluster, final int[] ports, final boolean parent) {
        final HazelcastInstance member = Hazelcasts.member(cluster, ports[parent ? 0 : 1], ports, false);
        if (!parent) {
            Hazelcasts.awaitClusterSize(member, 2, Duration.ofSeconds(120));
        }
        return parent ? new HazelcastEndpoint(member, "ping", "pong") : new HazelcastEndpoint(member, "pong", "ping");
    }

    @Override
    public void send(final long seq) {
        valueView.putLong(0, seq);
        map.set(outKey, value);
    }

    @Override
    public long poll() {
        final byte[] got = map.get(inKey);
        return got == null || got.length < Long.BYTES ? NONE : ByteBuffer.wrap(got).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    @Override
    public void close() {
        member.shutdown();
    }
}
