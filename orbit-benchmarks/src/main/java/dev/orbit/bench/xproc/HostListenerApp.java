package dev.orbit.bench.xproc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamMessageListenerContainerOptions;

import dev.orbit.redis.BridgeState;
import dev.orbit.redis.RedisBridge;
import dev.orbit.spring.listener.OrbitListener;
import dev.orbit.testsupport.ChildJvm;

/**
 * The listening host of {@link CrossHostListenerDelivery}: a Spring Boot application on its own "host" (its own
 * fleet directory), receiving the other host's events in one of two ways chosen by {@code bench.impl}:
 * <ul>
 *   <li>{@code orbit}: an {@code @OrbitListener} method, the starter with {@code orbit.bridge.redis.enabled=true}
 *   (this process runs its host's bridge);</li>
 *   <li>{@code streams}: Spring Data Redis's {@code StreamMessageListenerContainer} with its default options
 *   (polling with a blocking {@code XREAD}) on Boot's connection factory, reading the stream {@code bench.stream}
 *   from its start; Orbit is off in this mode.</li>
 * </ul>
 * Each event carries its phase, the publisher's {@code System.nanoTime()} and its burst number; the receiving
 * method records publish-to-method latency on the host's one monotonic clock, and per burst the first publish and
 * the last receipt. Prints {@code READY} once it receives, {@code RESULT ...} after the stop event.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class HostListenerApp {

    /** The topic (Orbit) the benchmark publishes on. */
    static final String TOPIC = "bench.hosts.delivery";

    /** The stream field holding the payload. */
    static final byte[] FIELD = "p".getBytes(StandardCharsets.US_ASCII);

    /** Bursts the receiver can tell apart. */
    static final int MAX_BURSTS = 4096;

    /**
     * @param args Spring Boot arguments plus {@code --bench.impl=orbit|streams}, {@code --bench.out=DIR},
     *             {@code --bench.name=NAME} and for streams {@code --bench.stream=KEY}.
     * @throws InterruptedException when interrupted.
     */
    public static void main(final String[] args) throws InterruptedException {
        ChildJvm.exitWithParent();
        final ConfigurableApplicationContext context = ListenerApp.run(HostListenerApp.class, args);
        final Recorder recorder = context.getBean(Recorder.class);
        context.getBeanProvider(RedisBridge.class).ifAvailable(HostListenerApp::awaitActive);
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        if (!recorder.stopped.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("no stop event within 10 minutes");
        }
        final Path out = Path.of(context.getEnvironment().getRequiredProperty("bench.out"));
        final String name = context.getEnvironment().getRequiredProperty("bench.name");
        final Histogram histogram = recorder.histogram;
        Histograms.save(histogram, out.resolve(name));
        System.out.println("RESULT " + histogram.getTotalCount() + " " + histogram.getValueAtPercentile(50) + " " +
            histogram.getValueAtPercentile(99) + " " + histogram.getValueAtPercentile(99.9) + " " +
            histogram.getMaxValue() + " " + Math.round(histogram.getMean()) + " " + recorder.burstNanos());
        System.out.flush();
        context.close();
    }

    private static void awaitActive(final RedisBridge bridge) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (bridge.state() != BridgeState.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bridge did not become active within 60 s: " + bridge.stats());
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    @Bean
    @ConditionalOnProperty(name = "bench.impl", havingValue = "orbit")
    OrbitReceiver orbitReceiver() {
        return new OrbitReceiver();
    }

    @Bean
    @ConditionalOnProperty(name = "bench.impl", havingValue = "streams")
    StreamReceiver streamReceiver(final RedisConnectionFactory connectionFactory, @Value("${bench.stream}") final String stream) {
        return new StreamReceiver(connectionFactory, stream);
    }

    /**
     * Records each measured event: latency into the histogram, and per burst the earliest publish and the latest
     * receipt. Called on one thread (the listener container's).
     */
    static class Recorder {
        final Histogram histogram = Histograms.nanos();
        final CountDownLatch stopped = new CountDownLatch(1);
        private final long[] firstSent = new long[MAX_BURSTS];
        private final long[] lastReceived = new long[MAX_BURSTS];

        void record(final byte[] payload) {
            final long received = System.nanoTime();
            final ByteBuffer view = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
            final long phase = view.getLong(0);
            if (phase == ListenerApp.MEASURED) {
                final long sent = view.getLong(8);
                histogram.recordValue(Math.max(0, received - sent));
                final int burst = (int)view.getLong(16);
                if (burst > 0 && burst < MAX_BURSTS) {
                    firstSent[burst] = firstSent[burst] == 0 ? sent : Math.min(firstSent[burst], sent);
                    lastReceived[burst] = Math.max(lastReceived[burst], received);
                }
            }
            else if (phase == ListenerApp.STOP) {
                stopped.countDown();
            }
        }

        /**
         * @return the sum over bursts of first publish to last receipt, 0 when not bursting (bursts are far enough
         *     apart not to overlap).
         */
        long burstNanos() {
            long sum = 0;
            for (int burst = 1; burst < MAX_BURSTS; burst++) {
                if (firstSent[burst] != 0) {
                    sum += lastReceived[burst] - firstSent[burst];
                }
            }
            return sum;
        }
    }

    /**
     * The {@code @OrbitListener} side.
     */
    static class OrbitReceiver extends Recorder {

        @OrbitListener(topics = TOPIC)
        public void onEvent(final byte[] payload) {
            record(payload);
        }
    }

    /**
     * The Spring Data Redis side: a {@code StreamMessageListenerContainer} with its default polling, byte-array
     * serialization (the same 64-byte payload as Orbit's, in one field).
     */
    static class StreamReceiver extends Recorder implements InitializingBean, DisposableBean {

        private final ExecutorService executor = Executors.newSingleThreadExecutor();
        private final StreamMessageListenerContainer<byte[], MapRecord<byte[], byte[], byte[]>> container;
        private final byte[] stream;
        private volatile boolean stopping;

        StreamReceiver(final RedisConnectionFactory connectionFactory, final String stream) {
            // Default polling (poll timeout, batch size); an executor of its own so that close can wait for the poll in
            // flight, and an error handler that stays quiet about the connection closing under that poll at shutdown.
            this.container = StreamMessageListenerContainer.create(connectionFactory,
                StreamMessageListenerContainerOptions.builder().serializer(RedisSerializer.byteArray()).executor(executor)
                    .errorHandler(this::onError).build());
            this.stream = stream.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void afterPropertiesSet() {
            container.receive(StreamOffset.fromStart(stream), message -> {
                for (final Map.Entry<byte[], byte[]> field : message.getValue().entrySet()) {
                    record(field.getValue());
                }
            });
            container.start();
        }

        private void onError(final Throwable error) {
            if (!stopping) {
                System.err.println("stream poll failed: " + error);
            }
        }

        @Override
        public void destroy() throws InterruptedException {
            stopping = true;
            container.stop();
            executor.shutdown();
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the stream poll did not end within 10 s");
            }
        }
    }
}
