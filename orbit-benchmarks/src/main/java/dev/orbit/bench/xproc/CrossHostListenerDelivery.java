package dev.orbit.bench.xproc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

import dev.orbit.bench.hosts.Bridges;
import dev.orbit.bench.support.Args;
import dev.orbit.bench.support.RedisServer;
import dev.orbit.bench.support.ResultFile;
import dev.orbit.event.OrbitEventBus;
import dev.orbit.fleet.Fleet;
import dev.orbit.internal.shm.SegmentNames;
import dev.orbit.redis.RedisBridge;
import dev.orbit.ring.RingSpec;
import dev.orbit.testsupport.ChildJvm;

/**
 * "{@code @OrbitListener} delivery across hosts" beside Spring Data Redis's {@code StreamMessageListenerContainer}:
 * host B is a Spring Boot application in its own JVM ({@link HostListenerApp}), host A is this process, and every
 * event is 64 bytes published at a steady pace ({@code spacingMicros}) or in bursts of {@code burst} events back to
 * back ({@code spacingMicros=0}, {@code burstGapMs} between bursts, 1 s by default: long enough for a burst to drain
 * before the next, so that each burst's figures are its own). Latency is publish to method entry on the machine's one
 * monotonic clock; in bursts also the delivered rate (measured events over the sum of each burst's first publish to
 * last receipt).
 * <ul>
 *   <li>{@code impl=orbit}: two hosts of one fleet, each its own fleet directory with its own bridge: this process
 *   publishes on its shared-memory fleet with its host's bridge running here; host B's Spring application runs its
 *   host's bridge and an {@code @OrbitListener} method.</li>
 *   <li>{@code impl=streams}: this process adds each event with {@code RedisTemplate.opsForStream().add} (one
 *   {@code XADD}); host B's container polls the stream with its defaults.</li>
 * </ul>
 * {@code java -cp benchmarks.jar dev.orbit.bench.xproc.CrossHostListenerDelivery impl=orbit warmup=500 count=5000
 * spacingMicros=1000 [burst=1000 burstGapMs=1000] redisPort=N out=results/x}
 */
public final class CrossHostListenerDelivery {

    private static final RingSpec EVENTS = RingSpec.of(8192, 1024);
    private static final long SETTLE_NS = Duration.ofMillis(500).toNanos();

    private CrossHostListenerDelivery() {
    }

    /**
     * @param args {@code key=value}: impl, warmup, count, spacingMicros, burst, burstGapMs, redisPort, out.
     */
    public static void main(final String[] args) {
        final Args a = new Args(args);
        System.out.println(run(a.get("impl", "orbit"), a.getInt("warmup", 500), a.getInt("count", 5000),
            a.getInt("spacingMicros", 1000), a.getInt("burst", 1000), a.getInt("burstGapMs", 1000), a.getInt("redisPort", 6379),
            Path.of(a.get("out", "."))));
    }

    /**
     * Runs one listening host and writes {@code xhost-listener-<impl>-<1ms|burst>.properties/.hlog/.hgrm}.
     *
     * @param impl          orbit or streams.
     * @param warmup        events before recording.
     * @param count         recorded events.
     * @param spacingMicros time between events; 0 for bursts.
     * @param burst         events per burst when {@code spacingMicros} is 0.
     * @param burstGapMs    pause before each burst.
     * @param redisPort     port of the local redis-server.
     * @param out           result directory.
     * @return the figures written.
     */
    public static Map<String, Object> run(final String impl, final int warmup, final int count, final int spacingMicros,
        final int burst, final int burstGapMs, final int redisPort, final Path out) {
        if (spacingMicros == 0 && (burst < 1 || burst > EVENTS.capacity() / 2 || count / burst >= HostListenerApp.MAX_BURSTS)) {
            throw new IllegalArgumentException("burst=" + burst + ": expected 1.." + EVENTS.capacity() / 2 +
                " and fewer than " + HostListenerApp.MAX_BURSTS + " bursts");
        }
        final String tag = "bench-xl-" + ProcessHandle.current().pid();
        final String pace = spacingMicros == 0 ? "burst" : spacingMicros % 1000 == 0 ? spacingMicros / 1000 + "ms" : spacingMicros + "us";
        final String name = "xhost-listener-" + impl + "-" + pace;
        final Map<String, Object> result = new LinkedHashMap<>();
        final List<Path> directories = new ArrayList<>();
        try {
            final List<String> appArgs = new ArrayList<>(List.of(
                "--bench.impl=" + impl,
                "--bench.out=" + out.toAbsolutePath(),
                "--bench.name=" + name,
                "--spring.data.redis.host=" + RedisServer.HOST,
                "--spring.data.redis.port=" + redisPort,
                "--spring.jmx.enabled=false",
                "--logging.level.root=WARN"));
            switch (impl) {
                case "orbit":
                    final Path hostB = Files.createTempDirectory(SegmentNames.defaultDirectory(), tag + "-b-");
                    directories.add(hostB);
                    appArgs.addAll(List.of(
                        "--orbit.fleet.name=" + tag,
                        "--orbit.shm.enabled=true",
                        "--orbit.shm.directory=" + hostB,
                        "--orbit.events.capacity=" + EVENTS.capacity(),
                        "--orbit.events.max-payload-size=" + EVENTS.payloadCapacity() + "B",
                        "--orbit.bridge.redis.enabled=true",
                        "--orbit.bridge.host-id=host-b",
                        "--orbit.bridge.command-timeout=2s"));
                    break;
                case "streams":
                    appArgs.addAll(List.of("--orbit.enabled=false", "--bench.stream=" + tag));
                    break;
                default:
                    throw new IllegalArgumentException("impl=" + impl + ": expected orbit or streams");
            }
            try (ChildJvm app = ChildJvm.of(HostListenerApp.class).jvmOptions(List.of("-Xmx256m")).args(appArgs).start();
                 Publisher publisher = impl.equals("orbit") ? new OrbitPublisher(tag, redisPort, directories)
                     : new StreamPublisher(tag, redisPort)) {
                app.awaitLine("READY", Duration.ofSeconds(120));
                publish(publisher, warmup, count, spacingMicros, burst, Duration.ofMillis(burstGapMs).toNanos());
                final String[] figures = app.awaitLine("RESULT", Duration.ofSeconds(120)).split(" ");
                app.awaitExit(Duration.ofSeconds(30));
                result.put("impl", impl);
                result.put("spacing.micros", spacingMicros);
                if (spacingMicros == 0) {
                    result.put("burst", burst);
                    result.put("burst.gap.ms", burstGapMs);
                }
                result.put("payload.bytes", Frames.PAYLOAD);
                result.put("warmup", warmup);
                result.put("published", count);
                result.put("delivery.count", Long.parseLong(figures[1]));
                result.put("delivery.p50.ns", Long.parseLong(figures[2]));
                result.put("delivery.p99.ns", Long.parseLong(figures[3]));
                result.put("delivery.p999.ns", Long.parseLong(figures[4]));
                result.put("delivery.max.ns", Long.parseLong(figures[5]));
                result.put("delivery.mean.ns", Long.parseLong(figures[6]));
                final long burstNanos = Long.parseLong(figures[7]);
                if (spacingMicros == 0 && burstNanos > 0) {
                    result.put("burst.delivered.per.s", String.format(Locale.ROOT, "%.0f", Long.parseLong(figures[1]) * 1e9 / burstNanos));
                }
            }
        }
        catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        finally {
            for (final Path directory : directories) {
                removeHost(directory, tag);
            }
        }
        ResultFile.write(out.resolve(name + ".properties"), result);
        return result;
    }

    private static void publish(final Publisher publisher, final int warmup, final int count, final int spacingMicros,
        final int burst, final long burstGapNs) {
        final byte[] payload = new byte[Frames.PAYLOAD];
        final ByteBuffer view = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        final long spacing = spacingMicros * 1000L;
        long next = System.nanoTime();
        long burstNumber = 0;
        for (int i = 0; i < warmup + count; i++) {
            final boolean measured = i >= warmup;
            if (i == warmup) {
                // Let a backlog the warm-up left (a JIT or a scheduler stall) drain before measuring.
                LockSupport.parkNanos(SETTLE_NS);
                next = System.nanoTime();
            }
            if (spacing > 0) {
                next += spacing;
                ListenerDelivery.pace(next, spacing);
            }
            else if ((measured ? i - warmup : i) % burst == 0) {
                LockSupport.parkNanos(burstGapNs);
                burstNumber += measured ? 1 : 0;
            }
            view.putLong(0, measured ? ListenerApp.MEASURED : ListenerApp.WARMUP);
            view.putLong(16, measured ? burstNumber : 0);
            view.putLong(8, System.nanoTime());
            publisher.publish(payload);
        }
        view.putLong(0, ListenerApp.STOP);
        publisher.publish(payload);
    }

    private static void removeHost(final Path directory, final String fleetName) {
        Fleet.unlink(directory, fleetName, true);
        try (Stream<Path> files = Files.list(directory)) {
            for (final Path file : (Iterable<Path>)files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        }
        catch (final IOException e) {
            System.err.println("could not remove " + directory + ": " + e);
        }
    }

    /**
     * Host A's way of publishing one event.
     */
    private interface Publisher extends AutoCloseable {
        void publish(byte[] payload);

        @Override
        void close();
    }

    /**
     * Host A of the fleet: its own fleet directory, its bridge in this process.
     */
    private static final class OrbitPublisher implements Publisher {
        private final Fleet fleet;
        private final RedisBridge bridge;
        private final OrbitEventBus bus;

        OrbitPublisher(final String fleetName, final int redisPort, final List<Path> directories) throws IOException {
            final Path hostA = Files.createTempDirectory(SegmentNames.defaultDirectory(), fleetName + "-a-");
            directories.add(hostA);
            this.fleet = Fleet.builder().name(fleetName).directory(hostA).label("publisher").eventsSpec(EVENTS).joinShm();
            this.bridge = Bridges.start(fleet, "host-a", redisPort, null);
            this.bus = fleet.events();
        }

        @Override
        public void publish(final byte[] payload) {
            bus.publish(HostListenerApp.TOPIC, payload);
        }

        @Override
        public void close() {
            bridge.close();
            fleet.close();
        }
    }

    /**
     * Spring Data Redis: {@code RedisTemplate.opsForStream().add}, one {@code XADD} per event.
     */
    private static final class StreamPublisher implements Publisher {
        private final LettuceConnectionFactory factory;
        private final RedisTemplate<byte[], byte[]> template;
        private final byte[] stream;

        StreamPublisher(final String stream, final int redisPort) {
            this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(RedisServer.HOST, redisPort));
            factory.afterPropertiesSet();
            factory.start();
            this.template = new RedisTemplate<>();
            template.setConnectionFactory(factory);
            template.setDefaultSerializer(RedisSerializer.byteArray());
            template.afterPropertiesSet();
            this.stream = stream.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void publish(final byte[] payload) {
            template.opsForStream().add(MapRecord.create(stream, Map.of(HostListenerApp.FIELD, payload)));
        }

        @Override
        public void close() {
            template.delete(stream);
            factory.destroy();
        }
    }
}
